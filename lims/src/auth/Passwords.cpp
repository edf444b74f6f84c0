#include "auth/Passwords.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/StringTokenizer.h>

#include <sstream>
#include <stdexcept>
#include <vector>

namespace natlims::lims {

namespace {

std::string randomBytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("the system random generator failed");
  return out;
}

std::string base64(const std::string& bytes, int options = 0) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out, options);
  enc.rdbuf()->setLineLength(0);
  enc << bytes;
  enc.close();
  return out.str();
}

std::string unbase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder dec(in);
  return std::string(std::istreambuf_iterator<char>(dec), {});
}

std::string pbkdf2(const std::string& password, const std::string& salt, int iterations) {
  std::string out(32, '\0');
  // OpenSSL's PBKDF2 is several times faster than a generic one, which lets us afford more rounds.
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                        EVP_sha256(), static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data())) != 1)
    throw std::runtime_error("PBKDF2 failed");
  return out;
}

}  // namespace

std::string hashPassword(const std::string& password, int iterations) {
  const std::string salt = randomBytes(16);
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64(salt) + "$" +
         base64(pbkdf2(password, salt, iterations));
}

bool verifyPassword(const std::string& password, const std::string& stored) {
  Poco::StringTokenizer parts(stored, "$");
  if (parts.count() != 4 || parts[0] != "pbkdf2-sha256") return false;
  int iterations = 0;
  try {
    iterations = std::stoi(parts[1]);
  } catch (...) {
    return false;
  }
  if (iterations < 1) return false;
  const std::string expected = unbase64(parts[3]);
  const std::string actual = pbkdf2(password, unbase64(parts[2]), iterations);
  return expected.size() == actual.size() && CRYPTO_memcmp(expected.data(), actual.data(), actual.size()) == 0;
}

std::string generatePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789";
  const std::string bytes = randomBytes(16);
  std::string out;
  for (unsigned char b : bytes) out.push_back(kAlphabet[b % (sizeof kAlphabet - 1)]);
  return out;
}

std::string generateToken() {
  std::string t = base64(randomBytes(32), Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  return t;
}

std::string sha256(const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace natlims::lims
