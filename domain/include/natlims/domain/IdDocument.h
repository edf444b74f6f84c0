#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::domain {

/// The identity documents a person may be registered with (BRIEF.md "Identity documents").
enum class IdType {
  ResidentId,                // 18-digit GB 11643-1999 (15-digit legacy form accepted and converted)
  HkMacaoTaiwanPermit,       // 18 digits starting 810000 / 820000 / 830000, same check as ResidentId
  HomeReturnPermit,          // H or M + 8 digits, optionally + 2 more digits
  Passport,                  // CHN: E + 8 digits or E + letter + 7 digits; other nations: free form
  ForeignPermanentResident,  // 2017: 3 letters + 12 digits; 2023: 18 digits starting with 9
  Other,                     // free form, for documents the rules above do not cover
};

/// The API spelling ("resident_id", ...) of an IdType.
std::string_view idTypeName(IdType type);
/// Parses the API spelling; std::nullopt for an unknown name.
std::optional<IdType> parseIdType(std::string_view name);

/// The outcome of validating an identity document.
struct IdCheck {
  bool ok = false;
  std::string normalized;  // canonical form to store and compare (upper case, 15-digit converted)
  std::string error;       // when !ok: a reason a person can act on, never echoing the number
};

/// Validates `number` as a document of `type` issued by `nationality` (ISO 3166 alpha-3, "CHN"
/// when empty). Surrounding blanks are ignored and lower-case letters accepted. Never throws.
IdCheck validateIdDocument(IdType type, std::string_view number, std::string_view nationality = {});

/// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of 17 leading digits.
char residentIdCheckChar(std::string_view first17);

/// Converts a legacy 15-digit resident ID (YYMMDD birth date, no check) to 18 digits; nullopt when
/// `legacy` is not 15 digits.
std::optional<std::string> convertLegacyResidentId(std::string_view legacy);

/// Guesses the document type of a scanned string by its content alone (used by the station, whose
/// scanner sends a bare line). Only returns a type whose validation accepts the string; a foreign
/// passport cannot be told from other text and is never guessed.
std::optional<IdType> classifyIdNumber(std::string_view scanned);

}  // namespace natlims::domain
