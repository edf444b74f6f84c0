#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "natlims/domain/CodeScheme.h"

namespace natlims::lims {

/// A positive integer id from a path segment; anything else is ApiError 404 `code` ("no <what>
/// with this id"): a malformed id names nothing that exists.
std::int64_t idParam(const std::string& text, const char* code, const char* what);

/// A code of `kind` in canonical form; ApiError 422 naming `field` otherwise (the one validation
/// of domain/CodeScheme.h, with its reason).
std::string codeParam(const std::string& text, domain::CodeKind kind, const std::string& field);

/// A local date written YYYY-MM-DD; nullopt when malformed or impossible (2026-02-30).
std::optional<std::chrono::year_month_day> parseLocalDate(const std::string& text);
std::string formatLocalDate(std::chrono::year_month_day day);

/// The local date at `at` for a UTC offset in minutes.
std::chrono::year_month_day localDate(std::int64_t atMillis, int offsetMinutes);

}  // namespace natlims::lims
