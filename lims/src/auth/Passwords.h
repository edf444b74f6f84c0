#pragma once

#include <string>

namespace natlims::lims {

/// Hashes `password` with PBKDF2-HMAC-SHA256, a random 16-byte salt and `iterations` rounds, into
/// the self-describing form "pbkdf2-sha256$ITERATIONS$SALT$HASH" (salt and hash in base64).
std::string hashPassword(const std::string& password, int iterations);

/// True when `password` matches `stored` (compared in constant time). False for a malformed hash.
bool verifyPassword(const std::string& password, const std::string& stored);

/// A password a person can type: 16 characters from an unambiguous alphabet (~90 bits).
std::string generatePassword();

/// 32 random bytes as unpadded base64url: a bearer token.
std::string generateToken();

/// SHA-256 of `data`, raw 32 bytes.
std::string sha256(const std::string& data);

}  // namespace natlims::lims
