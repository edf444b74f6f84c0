#include "natlims/station/Notice.h"

#include <array>
#include <utility>

#include "natlims/domain/CodeScheme.h"

namespace natlims::station {

namespace {

// What the operator does about each refusal. The person is usually still at the table (the sync
// answers within a second when online); after hours offline the advice still says what to fix.
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kAdvice{{
    {"already_registered",
     "already registered in this campaign (maybe at another site): no second swab is needed; if this was a "
     "deliberate re-swab, press F7 and scan the person again"},
    {"name_mismatch", "the name does not match the register: check the ID card and scan it again with the name"},
    {"tube_full", "the server counts this tube as full: close it (F1), open a new tube and scan the person again"},
    {"tube_closed", "the tube was already closed: open a new tube and scan the person again"},
    {"tube_other_campaign", "the tube belongs to another campaign: set it aside, use a new tube and scan its people again"},
    {"unknown_tube", "this tube code was never issued: set the tube aside and use a tube from the issued supply"},
    {"unknown_campaign", "the campaign is unknown to the server: check --campaign with the coordinator"},
    {"forbidden", "this user may not do this: ask the coordinator for a sampler account"},
    {"tube_not_closed", "a tube in the box is not closed on the server: close it, then seal the box again"},
    {"box_sealed", "the box was already sealed with other tubes: use a new box"},
    {"unknown_box", "this box code was never issued: use a box label from the issued supply"},
    {"not_found", "the server does not offer this function: tell the coordinator"},
    {"tube_in_box", "a tube is already in another box: take it out of this box and seal again with a new box"},
    {"box_handed_over", "the box was already handed to another courier: check which courier has it"},
    {"box_not_sealed", "the box was not sealed on the server (see the refusal of its seal): seal it again"},
}};

std::string adviceForInvalid(const JournalEntry& e) {
  if (e.errorField == "name") return "type the person's name after the ID number (ID NAME) and scan again";
  if (e.errorField == "id_number" || e.errorField == "nationality")
    return "check the document and scan it again";
  if (e.errorField == "tube") return "set the tube aside and use a new one";
  return "fix " + (e.errorField.empty() ? std::string("the input") : e.errorField) + " and try again";
}

std::string subject(const JournalEntry& e) {
  const std::string tube = domain::groupCodeForReading(e.tube);
  switch (e.kind) {
    case EntryKind::Register:
      return (e.person ? e.person->maskedLabel() : std::string("registration")) + " in tube " + tube;
    case EntryKind::Void: return "undo in tube " + tube;
    case EntryKind::CloseTube: return "closing tube " + tube;
    case EntryKind::SealBox: return "sealing box " + domain::groupCodeForReading(e.box);
    case EntryKind::Handover: return "hand-over of box " + domain::groupCodeForReading(e.box);
    default: return std::string(entryKindName(e.kind));
  }
}

}  // namespace

Notice noticeFor(const JournalEntry& e) {
  Notice n;
  n.seq = e.seq;
  n.kind = std::string(entryKindName(e.kind));
  n.code = e.errorCode;
  n.message = subject(e) + " refused by the server: " + e.errorMessage;
  if (e.state == EntryState::Skipped) n.message = subject(e) + " not sent: " + e.errorMessage;
  for (const auto& [code, advice] : kAdvice)
    if (code == e.errorCode) n.advice = advice;
  if (n.advice.empty() && e.errorCode == "invalid") n.advice = adviceForInvalid(e);
  if (n.advice.empty()) n.advice = "tell the coordinator (code " + e.errorCode + ")";
  return n;
}

}  // namespace natlims::station
