#include "natlims/station/JournalEntry.h"

#include <array>
#include <utility>

namespace natlims::station {

namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 8> kKinds{{
    {EntryKind::OpenTube, "open_tube"},
    {EntryKind::Register, "register"},
    {EntryKind::Void, "void"},
    {EntryKind::CloseTube, "close_tube"},
    {EntryKind::OpenBox, "open_box"},
    {EntryKind::PackTube, "pack_tube"},
    {EntryKind::SealBox, "seal_box"},
    {EntryKind::Handover, "handover"},
}};

constexpr std::array<std::pair<EntryState, std::string_view>, 5> kStates{{
    {EntryState::Local, "local"},
    {EntryState::Queued, "queued"},
    {EntryState::Sent, "sent"},
    {EntryState::Refused, "refused"},
    {EntryState::Skipped, "skipped"},
}};

}  // namespace

std::string_view entryKindName(EntryKind kind) {
  for (const auto& [k, n] : kKinds)
    if (k == kind) return n;
  return "?";
}

std::optional<EntryKind> parseEntryKind(std::string_view name) {
  for (const auto& [k, n] : kKinds)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view entryStateName(EntryState state) {
  for (const auto& [s, n] : kStates)
    if (s == state) return n;
  return "?";
}

std::optional<EntryState> parseEntryState(std::string_view name) {
  for (const auto& [s, n] : kStates)
    if (n == name) return s;
  return std::nullopt;
}

bool isUploaded(EntryKind kind) {
  switch (kind) {
    case EntryKind::Register:
    case EntryKind::Void:
    case EntryKind::CloseTube:
    case EntryKind::SealBox:
    case EntryKind::Handover: return true;
    default: return false;
  }
}

}  // namespace natlims::station
