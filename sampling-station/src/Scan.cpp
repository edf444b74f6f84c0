#include "natlims/station/Scan.h"

#include <array>
#include <utility>

#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/Masking.h"
#include "natlims/domain/Utf8.h"

namespace natlims::station {

namespace {

using domain::IdType;

constexpr std::array<std::pair<Command, std::string_view>, 8> kCommands{{
    {Command::Close, "close"},
    {Command::Undo, "undo"},
    {Command::Reprint, "reprint"},
    {Command::Pack, "pack"},
    {Command::Seal, "seal"},
    {Command::Handover, "handover"},
    {Command::Resample, "resample"},
    {Command::Quit, "quit"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<Command> parseCommand(std::string_view text) {
  std::string s = lower(text);
  if (s.rfind("cmd:", 0) == 0) s.erase(0, 4);
  else if (!s.empty() && s[0] == '*') s.erase(0, 1);
  if (s == "hand over") s = "handover";
  if (s == "exit") s = "quit";
  for (const auto& [c, name] : kCommands)
    if (s == name) return c;
  return std::nullopt;
}

Scan invalid(std::string code, std::string reason, ScanKind kind = ScanKind::Invalid) {
  Scan s;
  s.kind = kind;
  s.reasonCode = std::move(code);
  s.reason = std::move(reason);
  return s;
}

// A code's shape: 10 alphabet symbols (after normalisation) starting with a kind symbol.
bool hasCodeShape(const std::string& normalized) {
  if (normalized.size() != domain::codes::kLength) return false;
  if (normalized[0] != 'T' && normalized[0] != 'X' && normalized[0] != 'K') return false;
  for (char c : normalized)
    if (domain::codeSymbolValue(c) < 0) return false;
  return true;
}

// Digits of an 18-character GB 11643 shape (or the 15-digit legacy form): a misread ID card.
bool hasResidentIdShape(std::string_view s) {
  if (s.size() != 15 && s.size() != 18) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool lastX = i + 1 == s.size() && s.size() == 18 && (c == 'X' || c == 'x');
    if (!(c >= '0' && c <= '9') && !lastX) return false;
  }
  return true;
}

std::pair<std::string_view, std::string_view> splitFirst(std::string_view s) {
  const auto blank = s.find_first_of(" \t");
  if (blank == std::string_view::npos) return {s, {}};
  return {s.substr(0, blank), domain::trimBlanks(s.substr(blank + 1))};
}

Scan personScan(Person p) {
  if (!p.name.empty()) {
    if (const std::string err = domain::checkPersonName(p.name); !err.empty())
      return invalid("invalid_name", "name " + err);
    p.name = std::string(domain::trimBlanks(p.name));
  }
  Scan s;
  s.kind = ScanKind::Person;
  s.person = std::move(p);
  return s;
}

Scan recognizePreRegistration(std::string_view text, const std::optional<domain::Ed25519PublicKey>& key) {
  if (!key)
    return invalid("no_key",
                   "cannot check pre-registration codes yet (no server key: the station has never been online); "
                   "scan the ID card instead");
  std::string why;
  auto reg = domain::verifyPreRegistration(text, *key, &why);
  if (!reg) {
    const bool forged = why.find("forged") != std::string::npos;
    return invalid(forged ? "forged_code" : "bad_preregistration", why);
  }
  Person p;
  p.idType = reg->idType;
  p.idNumber = reg->idNumber;
  p.nationality = reg->nationality;
  p.name = reg->name;
  p.phone = reg->phone;
  p.preRegistered = true;
  return personScan(std::move(p));
}

// "<id_type> <NAT> <number> [name]".
std::optional<Scan> recognizeTypedDocument(std::string_view text) {
  auto [first, rest] = splitFirst(text);
  const auto type = domain::parseIdType(lower(first));
  if (!type) return std::nullopt;
  auto [nat, rest2] = splitFirst(rest);
  auto [number, name] = splitFirst(rest2);
  if (nat.empty() || number.empty())
    return invalid("invalid_id", "type the document as: <type> <nationality> <number> [name]");
  const domain::IdCheck check = domain::validateIdDocument(*type, number, nat);
  if (!check.ok) return invalid("invalid_id", "ID number " + domain::maskIdNumber(number) + " " + check.error);
  Person p;
  p.idType = *type;
  p.idNumber = check.normalized;
  p.nationality = std::string(nat);
  for (char& c : p.nationality)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  p.name = std::string(name);
  return personScan(std::move(p));
}

}  // namespace

std::string_view commandName(Command c) {
  for (const auto& [cmd, name] : kCommands)
    if (cmd == c) return name;
  return "?";
}

Scan recognizeScan(std::string_view line, const std::optional<domain::Ed25519PublicKey>& preRegKey) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  const std::string_view text = domain::trimBlanks(line);
  if (text.empty()) return invalid("", "", ScanKind::Empty);
  if (!domain::isValidUtf8(text) || domain::hasControlCharacter(text))
    return invalid("unrecognised", "unreadable scan (control characters or broken text): scan again",
                   ScanKind::Unrecognised);

  if (auto cmd = parseCommand(text)) {
    Scan s;
    s.kind = ScanKind::Command;
    s.command = *cmd;
    return s;
  }
  if (domain::looksLikePreRegistration(text)) return recognizePreRegistration(text, preRegKey);

  const std::string normalized = domain::normalizeCode(text);
  if (hasCodeShape(normalized)) {
    const domain::CodeCheck check = domain::validateCode(normalized);
    if (!check.ok)
      return invalid("bad_check_character",
                     "code " + normalized + " " + check.error + ": scan it again or type it from the label");
    Scan s;
    s.code = check.code;
    switch (check.kind) {
      case domain::CodeKind::Tube: s.kind = ScanKind::Tube; break;
      case domain::CodeKind::Box: s.kind = ScanKind::Box; break;
      case domain::CodeKind::Courier: s.kind = ScanKind::Courier; break;
    }
    return s;
  }

  if (auto typed = recognizeTypedDocument(text)) return *typed;

  auto [number, name] = splitFirst(text);
  if (const auto type = domain::classifyIdNumber(number)) {
    Person p;
    p.idType = *type;
    p.idNumber = domain::validateIdDocument(*type, number).normalized;
    p.name = std::string(name);
    return personScan(std::move(p));
  }
  if (hasResidentIdShape(number)) {
    IdType type = IdType::ResidentId;
    if (number.size() == 18 && (number.substr(0, 2) == "81" || number.substr(0, 2) == "82" || number.substr(0, 2) == "83"))
      type = IdType::HkMacaoTaiwanPermit;
    else if (number.size() == 18 && number[0] == '9')
      type = IdType::ForeignPermanentResident;
    const domain::IdCheck check = domain::validateIdDocument(type, number);
    return invalid("invalid_id", "ID number " + domain::maskIdNumber(number) + " " + check.error +
                                     ": scan the card again or check the digits");
  }
  return invalid("unrecognised",
                 "not a tube, box or courier code, an ID number, a pre-registration code or a command",
                 ScanKind::Unrecognised);
}

}  // namespace natlims::station
