#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "natlims/domain/IdDocument.h"

namespace natlims::domain {

/// A resident's pre-registration, shown as a QR code on a phone and scanned at the station
/// (docs/preregistration.md). The server signs it; the station verifies it offline with the
/// server's public key, so a forged or altered code is refused without a network.
struct PreRegistration {
  IdType idType = IdType::ResidentId;
  std::string idNumber;            // canonical form (validateIdDocument's `normalized`)
  std::string nationality = "CHN"; // ISO 3166 alpha-3, upper case
  std::string name;                // 1..64 code points, no control characters
  std::string phone;               // may be empty (children and elderly people); digits, '+', '-', ' '
  std::int64_t issuedAt = 0;       // seconds since the Unix epoch, set by the signer

  bool operator==(const PreRegistration&) const = default;
};

/// The text every payload starts with; the digit is the format version.
inline constexpr std::string_view kPreRegistrationPrefix = "NLPR1.";

/// An Ed25519 private key: the raw 32-byte seed (RFC 8032). Keep it secret; never log it.
struct Ed25519PrivateKey {
  std::array<std::uint8_t, 32> seed{};
};

/// An Ed25519 public key: the raw 32 bytes (RFC 8032).
struct Ed25519PublicKey {
  std::array<std::uint8_t, 32> bytes{};
  bool operator==(const Ed25519PublicKey&) const = default;
};

/// A fresh key pair from OpenSSL's random generator. Throws std::runtime_error if OpenSSL fails.
Ed25519PrivateKey generateEd25519PrivateKey();

/// The public key of `key`. Throws std::runtime_error if OpenSSL fails.
Ed25519PublicKey ed25519PublicKeyOf(const Ed25519PrivateKey& key);

/// Standard base64 (RFC 4648 §4, with padding) of the raw 32 bytes, as served by
/// GET /api/v1/preregistration-key and stored in key files.
std::string toBase64(const Ed25519PrivateKey& key);
std::string toBase64(const Ed25519PublicKey& key);

/// Parses what toBase64 wrote (surrounding blanks and newlines ignored); std::nullopt unless it
/// decodes to exactly 32 bytes.
std::optional<Ed25519PrivateKey> ed25519PrivateKeyFromBase64(std::string_view text);
std::optional<Ed25519PublicKey> ed25519PublicKeyFromBase64(std::string_view text);

/// Checks the content of a pre-registration as the server must before signing and the station
/// does after verifying: the document validates for its type and nationality, the name is a
/// valid person name, the phone is empty or 5..20 characters of digits, '+', '-' and blanks.
/// Returns an empty string when valid, else "<field>: <reason>" (never echoing the number).
std::string checkPreRegistration(const PreRegistration& reg);

/// The payload text  NLPR1.<base64url(compact JSON)>.<base64url(Ed25519 signature)>  where the
/// signature covers the bytes "NLPR1.<base64url(compact JSON)>". The id number is stored in its
/// normalized form and the nationality upper-cased. Throws std::invalid_argument (message from
/// checkPreRegistration) when the content is invalid, std::runtime_error if OpenSSL fails.
std::string signPreRegistration(const PreRegistration& reg, const Ed25519PrivateKey& key);

/// Verifies `payload` with `key` and parses it. Returns std::nullopt (and sets *why, when given,
/// to a reason for the operator that never contains the identity number) when the text is not a
/// pre-registration payload, is truncated or malformed, its signature does not verify (forged,
/// altered or signed by another key), or its content fails checkPreRegistration. Surrounding
/// blanks and a trailing CR/LF (scanners add them) are ignored. Never throws.
std::optional<PreRegistration> verifyPreRegistration(std::string_view payload,
                                                     const Ed25519PublicKey& key,
                                                     std::string* why = nullptr);

/// True when `text` starts like a pre-registration payload (the prefix, any version): lets a
/// scanner dispatcher route it to verifyPreRegistration, which then explains any refusal.
bool looksLikePreRegistration(std::string_view text);

}  // namespace natlims::domain
