#include "natlims/domain/IdDocument.h"

#include <array>
#include <chrono>
#include <cctype>

#include "natlims/domain/Utf8.h"

namespace natlims::domain {

namespace {

constexpr std::array<std::pair<IdType, std::string_view>, 6> kNames{{
    {IdType::ResidentId, "resident_id"},
    {IdType::HkMacaoTaiwanPermit, "hk_macao_taiwan_permit"},
    {IdType::HomeReturnPermit, "home_return_permit"},
    {IdType::Passport, "passport"},
    {IdType::ForeignPermanentResident, "foreign_permanent_resident"},
    {IdType::Other, "other"},
}};

bool allDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

bool allUpperLetters(std::string_view s) {
  for (char c : s)
    if (c < 'A' || c > 'Z') return false;
  return !s.empty();
}

int toInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int currentYear() {
  const auto now = std::chrono::system_clock::now();
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
  return static_cast<int>(ymd.year());
}

// A birth date YYYYMMDD that exists and is not after this year.
bool validBirthDate(std::string_view yyyymmdd) {
  if (yyyymmdd.size() != 8 || !allDigits(yyyymmdd)) return false;
  const int y = toInt(yyyymmdd.substr(0, 4));
  const int m = toInt(yyyymmdd.substr(4, 2));
  const int d = toInt(yyyymmdd.substr(6, 2));
  if (y < 1850 || y > currentYear() || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int maxDay = kDays[m - 1] + ((m == 2 && isLeap(y)) ? 1 : 0);
  return d <= maxDay;
}

std::string canonical(std::string_view number) {
  number = trimBlanks(number);
  std::string out(number);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

IdCheck fail(std::string reason) {
  IdCheck r;
  r.error = std::move(reason);
  return r;
}

IdCheck pass(std::string normalized) {
  IdCheck r;
  r.ok = true;
  r.normalized = std::move(normalized);
  return r;
}

// The 18-character GB 11643 shape shared by resident IDs, HK/Macao/Taiwan residence permits and
// the 2023 foreign permanent residence card: 17 digits, a valid birth date at 7..14, a check char.
IdCheck validateEighteen(const std::string& s) {
  if (s.size() != 18) return fail("must be 18 characters");
  if (!allDigits(std::string_view(s).substr(0, 17)))
    return fail("must be 17 digits followed by a digit or X");
  if (!validBirthDate(std::string_view(s).substr(6, 8))) return fail("has an impossible birth date");
  if (residentIdCheckChar(std::string_view(s).substr(0, 17)) != s[17])
    return fail("has a wrong check character (mistyped or misread)");
  return pass(s);
}

IdCheck validateResidentId(const std::string& s) {
  if (s.size() == 15) {
    if (!allDigits(s)) return fail("a 15-character resident ID must be all digits");
    auto converted = convertLegacyResidentId(s);
    if (!validBirthDate(std::string_view(*converted).substr(6, 8))) return fail("has an impossible birth date");
    return pass(*converted);
  }
  if (s.size() != 18) return fail("must be 18 characters (or the legacy 15 digits)");
  // Area codes of the mainland start with 1..6; 71/81/82/83 belong to other documents.
  if (s[0] < '1' || s[0] > '6') return fail("has an unknown area code");
  return validateEighteen(s);
}

IdCheck validateHmtPermit(const std::string& s) {
  const std::string_view v(s);
  if (s.size() != 18) return fail("must be 18 characters");
  if (v.substr(0, 6) != "810000" && v.substr(0, 6) != "820000" && v.substr(0, 6) != "830000")
    return fail("must start with 810000, 820000 or 830000");
  return validateEighteen(s);
}

IdCheck validateHomeReturnPermit(const std::string& s) {
  if ((s.size() != 9 && s.size() != 11) || (s[0] != 'H' && s[0] != 'M') || !allDigits(std::string_view(s).substr(1)))
    return fail("must be H or M followed by 8 or 10 digits");
  return pass(s);
}

IdCheck validatePassport(const std::string& s, std::string_view nationality) {
  if (nationality == "CHN") {
    const std::string_view v(s);
    const bool eDigits = s.size() == 9 && s[0] == 'E' && allDigits(v.substr(1));
    const bool eLetter = s.size() == 9 && s[0] == 'E' && s[1] >= 'A' && s[1] <= 'Z' && allDigits(v.substr(2));
    if (!eDigits && !eLetter) return fail("a Chinese passport number must be E + 8 digits or E + a letter + 7 digits");
    return pass(s);
  }
  if (s.size() < 5 || s.size() > 20) return fail("must be 5 to 20 letters and digits");
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return fail("must be 5 to 20 letters and digits");
  return pass(s);
}

IdCheck validateForeignPermanentResident(const std::string& s) {
  if (s.size() == 18) {
    if (s[0] != '9') return fail("an 18-digit card number must start with 9");
    return validateEighteen(s);
  }
  if (s.size() == 15) {
    const std::string_view v(s);
    if (!allUpperLetters(v.substr(0, 3)) || !allDigits(v.substr(3)))
      return fail("a 15-character card number must be 3 letters followed by 12 digits");
    // Positions 6..11 hold the birth date as YYMMDD; accept either century.
    const std::string yymmdd(v.substr(5, 6));
    if (!validBirthDate("19" + yymmdd) && !validBirthDate("20" + yymmdd)) return fail("has an impossible birth date");
    return pass(s);
  }
  return fail("must be 15 characters (2017 card) or 18 digits (2023 card)");
}

IdCheck validateOther(const std::string& s) {
  if (s.size() > 32) return fail("must be at most 32 characters");
  if (!isValidUtf8(s) || hasControlCharacter(s)) return fail("contains characters that are not allowed");
  return pass(s);
}

}  // namespace

std::string_view idTypeName(IdType type) {
  for (const auto& [t, name] : kNames)
    if (t == type) return name;
  return "other";
}

std::optional<IdType> parseIdType(std::string_view name) {
  for (const auto& [t, n] : kNames)
    if (n == name) return t;
  return std::nullopt;
}

char residentIdCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kMap[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kMap[sum % 11];
}

std::optional<std::string> convertLegacyResidentId(std::string_view legacy) {
  if (legacy.size() != 15 || !allDigits(legacy)) return std::nullopt;
  std::string s(legacy.substr(0, 6));
  s += "19";
  s += legacy.substr(6);
  s.push_back(residentIdCheckChar(s));
  return s;
}

IdCheck validateIdDocument(IdType type, std::string_view number, std::string_view nationality) {
  const std::string s = canonical(number);
  if (s.empty()) return fail("is empty");
  const std::string nat = nationality.empty() ? std::string("CHN") : canonical(nationality);
  if (nat.size() != 3 || !allUpperLetters(nat)) return fail("nationality must be a 3-letter ISO 3166 code");
  switch (type) {
    case IdType::ResidentId: return validateResidentId(s);
    case IdType::HkMacaoTaiwanPermit: return validateHmtPermit(s);
    case IdType::HomeReturnPermit: return validateHomeReturnPermit(s);
    case IdType::Passport: return validatePassport(s, nat);
    case IdType::ForeignPermanentResident: return validateForeignPermanentResident(s);
    case IdType::Other: return validateOther(s);
  }
  return fail("has an unknown document type");
}

std::optional<IdType> classifyIdNumber(std::string_view scanned) {
  const std::string s = canonical(scanned);
  // Order matters: the 18-digit shapes are told apart by their leading digits.
  for (IdType t : {IdType::HkMacaoTaiwanPermit, IdType::ForeignPermanentResident, IdType::ResidentId,
                   IdType::HomeReturnPermit, IdType::Passport}) {
    if (validateIdDocument(t, s).ok) return t;
  }
  return std::nullopt;
}

}  // namespace natlims::domain
