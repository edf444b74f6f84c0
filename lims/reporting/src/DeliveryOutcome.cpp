#include "natlims/reporting/DeliveryOutcome.h"

namespace natlims::reporting {

std::string_view deliveryStatusName(DeliveryOutcome::Status status) {
  switch (status) {
    case DeliveryOutcome::Status::Delivered: return "delivered";
    case DeliveryOutcome::Status::Rejected: return "rejected";
    case DeliveryOutcome::Status::Transient: return "transient";
  }
  return "transient";
}

}  // namespace natlims::reporting
