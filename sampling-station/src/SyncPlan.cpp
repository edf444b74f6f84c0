#include "natlims/station/SyncPlan.h"

#include <string>
#include <unordered_map>

namespace natlims::station {

namespace {

// How a round already uses a tube, box or person: taken by registrations (Shared) or by one entry
// (Exclusive); or an entry on it was held back, a registration (SharedHeld: other registrations
// may still pass it, nothing else) or anything else (Blocked: nothing passes).
enum class Use { Shared, Exclusive, SharedHeld, Blocked };

struct Touch {
  std::string resource;  // "T<tube>", "X<box>", "P<person key>"
  bool exclusive;
};

// What an entry touches, and whether it needs it alone. Registrations share their tube (its
// people may arrive in any order) but not their person (a re-swab follows the first swab, and a
// registration follows the undo of an earlier one of the same person, even in another tube).
std::vector<Touch> touchesOf(const JournalEntry& e) {
  std::vector<Touch> t;
  switch (e.kind) {
    case EntryKind::Register:
      t.push_back({"T" + e.tube, false});
      if (e.person) t.push_back({"P" + e.person->key(), true});
      break;
    case EntryKind::Void:
      t.push_back({"T" + e.tube, true});
      if (e.person) t.push_back({"P" + e.person->key(), true});
      break;
    case EntryKind::CloseTube: t.push_back({"T" + e.tube, true}); break;
    case EntryKind::SealBox:
      t.push_back({"X" + e.box, true});
      for (const auto& tube : e.tubes) t.push_back({"T" + tube, true});
      break;
    case EntryKind::Handover: t.push_back({"X" + e.box, true}); break;
    default: break;
  }
  return t;
}

}  // namespace

std::vector<std::size_t> planSyncRound(const std::vector<JournalEntry>& queued) {
  std::unordered_map<std::string, Use> uses;
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < queued.size(); ++i) {
    const auto touches = touchesOf(queued[i]);
    bool ok = true;
    for (const auto& t : touches) {
      auto it = uses.find(t.resource);
      if (it == uses.end()) continue;
      const bool sharedSoFar = it->second == Use::Shared || it->second == Use::SharedHeld;
      if (!sharedSoFar || t.exclusive) ok = false;
    }
    for (const auto& t : touches) {
      auto [it, fresh] = uses.try_emplace(t.resource, Use::Shared);
      Use& u = it->second;
      if (ok) {
        if (t.exclusive) u = Use::Exclusive;  // (fresh: nothing else touched it this round)
      } else if (t.exclusive) {
        u = Use::Blocked;  // held back: nothing on it may pass it
      } else if (fresh || u == Use::Shared) {
        u = Use::SharedHeld;  // a held-back registration: other registrations may pass, nothing else
      }
    }
    if (ok) chosen.push_back(i);
  }
  return chosen;
}

}  // namespace natlims::station
