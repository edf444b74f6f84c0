#include "natlims/domain/PreRegistration.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

#include "natlims/domain/Utf8.h"

namespace natlims::domain {

namespace {

// ---- base64 (standard and url-safe) ---------------------------------------------------------
// Hand-written rather than taken from Poco so that the domain library keeps no dependency but
// OpenSSL's libcrypto, which the signature needs anyway.

constexpr std::string_view kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kB64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encodeBase64(const std::uint8_t* data, std::size_t n, bool url) {
  const std::string_view alphabet = url ? kB64Url : kB64;
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
  }
  const std::size_t rest = n - i;
  if (rest > 0) {
    std::uint32_t v = data[i] << 16;
    if (rest == 2) v |= data[i + 1] << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
    if (!url) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// Decodes base64 in the given alphabet. Padding is required for the standard alphabet and
// refused for the url alphabet (our payloads never carry it), so that every byte string has
// exactly one accepted text: an altered character can never decode to the same bytes.
std::optional<std::vector<std::uint8_t>> decodeBase64(std::string_view text, bool url) {
  const std::string_view alphabet = url ? kB64Url : kB64;
  std::size_t pad = 0;
  if (!url) {
    if (text.size() % 4 != 0) return std::nullopt;
    while (pad < 2 && !text.empty() && text.back() == '=') {
      text.remove_suffix(1);
      ++pad;
    }
  }
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const auto v = alphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  // Left-over bits must be zero (canonical encoding), and padding must match what is missing.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  if (!url && pad != (3 - out.size() % 3) % 3) return std::nullopt;
  return out;
}

// ---- OpenSSL helpers -------------------------------------------------------------------------

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

constexpr std::size_t kSignatureSize = 64;

Pkey privateKey(const Ed25519PrivateKey& key) {
  Pkey p(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, key.seed.data(), key.seed.size()));
  if (!p) throw std::runtime_error("OpenSSL: cannot load the Ed25519 private key");
  return p;
}

std::string sign(std::string_view message, const Ed25519PrivateKey& key) {
  Pkey pkey = privateKey(key);
  MdCtx ctx(EVP_MD_CTX_new());
  std::uint8_t sig[kSignatureSize];
  std::size_t sigLen = sizeof sig;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &sigLen, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1 ||
      sigLen != kSignatureSize)
    throw std::runtime_error("OpenSSL: Ed25519 signing failed");
  return encodeBase64(sig, sigLen, true);
}

bool verify(std::string_view message, const std::vector<std::uint8_t>& sig, const Ed25519PublicKey& key) {
  Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.bytes.data(), key.bytes.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

// ---- compact JSON of one flat object ----------------------------------------------------------
// Keys are one letter to keep the QR code small (docs/preregistration.md):
//   t id type, n id number, c nationality, m name, p phone, i issued-at (integer seconds).

void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

std::string toJson(const PreRegistration& r) {
  std::string out = "{\"t\":";
  appendJsonString(out, idTypeName(r.idType));
  out += ",\"n\":";
  appendJsonString(out, r.idNumber);
  out += ",\"c\":";
  appendJsonString(out, r.nationality);
  out += ",\"m\":";
  appendJsonString(out, r.name);
  out += ",\"p\":";
  appendJsonString(out, r.phone);
  out += ",\"i\":" + std::to_string(r.issuedAt) + "}";
  return out;
}

// A value of the flat object: a string, or an integer kept as its digits.
struct JsonValue {
  bool isString = false;
  std::string text;
};

class FlatJsonParser {
 public:
  explicit FlatJsonParser(std::string_view s) : _s(s) {}

  std::optional<std::map<std::string, JsonValue>> parse() {
    std::map<std::string, JsonValue> out;
    skipBlanks();
    if (!eat('{')) return std::nullopt;
    skipBlanks();
    if (eat('}')) return finish(out);
    for (;;) {
      skipBlanks();
      auto key = string();
      if (!key) return std::nullopt;
      skipBlanks();
      if (!eat(':')) return std::nullopt;
      skipBlanks();
      JsonValue v;
      if (peek() == '"') {
        auto s = string();
        if (!s) return std::nullopt;
        v = {true, std::move(*s)};
      } else {
        auto n = integer();
        if (!n) return std::nullopt;
        v = {false, std::move(*n)};
      }
      if (!out.emplace(std::move(*key), std::move(v)).second) return std::nullopt;  // duplicate key
      skipBlanks();
      if (eat('}')) return finish(out);
      if (!eat(',')) return std::nullopt;
    }
  }

 private:
  std::optional<std::map<std::string, JsonValue>> finish(std::map<std::string, JsonValue>& out) {
    skipBlanks();
    if (_pos != _s.size()) return std::nullopt;
    return std::move(out);
  }

  char peek() const { return _pos < _s.size() ? _s[_pos] : '\0'; }
  bool eat(char c) {
    if (peek() != c || _pos >= _s.size()) return false;
    ++_pos;
    return true;
  }
  void skipBlanks() {
    while (_pos < _s.size() && (_s[_pos] == ' ' || _s[_pos] == '\t' || _s[_pos] == '\n' || _s[_pos] == '\r'))
      ++_pos;
  }

  std::optional<std::string> integer() {
    const std::size_t start = _pos;
    if (peek() == '-') ++_pos;
    const std::size_t digits = _pos;
    while (_pos < _s.size() && _s[_pos] >= '0' && _s[_pos] <= '9') ++_pos;
    if (_pos == digits || _pos - digits > 18) return std::nullopt;
    return std::string(_s.substr(start, _pos - start));
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  std::optional<unsigned> hex4() {
    if (_pos + 4 > _s.size()) return std::nullopt;
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = hexValue(_s[_pos++]);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(h);
    }
    return v;
  }

  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::optional<std::string> string() {
    if (!eat('"')) return std::nullopt;
    std::string out;
    while (_pos < _s.size()) {
      const char c = _s[_pos++];
      if (c == '"') return isValidUtf8(out) ? std::optional<std::string>(std::move(out)) : std::nullopt;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (_pos >= _s.size()) return std::nullopt;
      const char e = _s[_pos++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          auto hi = hex4();
          if (!hi) return std::nullopt;
          unsigned cp = *hi;
          if (cp >= 0xD800 && cp < 0xDC00) {
            if (!eat('\\') || !eat('u')) return std::nullopt;
            auto lo = hex4();
            if (!lo || *lo < 0xDC00 || *lo >= 0xE000) return std::nullopt;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp < 0xE000) {
            return std::nullopt;
          }
          appendUtf8(out, cp);
          break;
        }
        default: return std::nullopt;
      }
    }
    return std::nullopt;  // unterminated
  }

  std::string_view _s;
  std::size_t _pos = 0;
};

bool validPhone(std::string_view phone) {
  if (phone.empty()) return true;
  if (phone.size() < 5 || phone.size() > 20) return false;
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != '+' && c != '-' && c != ' ') return false;
  }
  return digits >= 5;
}

bool validNationality(std::string_view n) {
  if (n.size() != 3) return false;
  for (char c : n)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

std::string upper(std::string_view s) {
  std::string out(trimBlanks(s));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// 32 raw bytes from standard base64; blanks and line ends around the text are ignored.
std::optional<std::array<std::uint8_t, 32>> decodeKey32(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  auto bytes = decodeBase64(trimBlanks(text), false);
  if (!bytes || bytes->size() != 32) return std::nullopt;
  std::array<std::uint8_t, 32> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

std::optional<PreRegistration> refuse(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

}  // namespace

Ed25519PrivateKey generateEd25519PrivateKey() {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    throw std::runtime_error("OpenSSL: Ed25519 key generation failed");
  Pkey pkey(raw);
  Ed25519PrivateKey key;
  std::size_t len = key.seed.size();
  if (EVP_PKEY_get_raw_private_key(pkey.get(), key.seed.data(), &len) != 1 || len != key.seed.size())
    throw std::runtime_error("OpenSSL: cannot read the Ed25519 private key");
  return key;
}

Ed25519PublicKey ed25519PublicKeyOf(const Ed25519PrivateKey& key) {
  Pkey pkey = privateKey(key);
  Ed25519PublicKey pub;
  std::size_t len = pub.bytes.size();
  if (EVP_PKEY_get_raw_public_key(pkey.get(), pub.bytes.data(), &len) != 1 || len != pub.bytes.size())
    throw std::runtime_error("OpenSSL: cannot derive the Ed25519 public key");
  return pub;
}

std::string toBase64(const Ed25519PrivateKey& key) { return encodeBase64(key.seed.data(), key.seed.size(), false); }
std::string toBase64(const Ed25519PublicKey& key) { return encodeBase64(key.bytes.data(), key.bytes.size(), false); }

std::optional<Ed25519PrivateKey> ed25519PrivateKeyFromBase64(std::string_view text) {
  auto bytes = decodeKey32(text);
  if (!bytes) return std::nullopt;
  return Ed25519PrivateKey{*bytes};
}

std::optional<Ed25519PublicKey> ed25519PublicKeyFromBase64(std::string_view text) {
  auto bytes = decodeKey32(text);
  if (!bytes) return std::nullopt;
  return Ed25519PublicKey{*bytes};
}

std::string checkPreRegistration(const PreRegistration& reg) {
  if (!validNationality(reg.nationality)) return "nationality: must be 3 upper-case letters (ISO 3166 alpha-3)";
  const IdCheck id = validateIdDocument(reg.idType, reg.idNumber, reg.nationality);
  if (!id.ok) return "id_number: " + id.error;
  if (const std::string err = checkPersonName(reg.name); !err.empty()) return "name: " + err;
  if (!validPhone(reg.phone)) return "phone: must be 5 to 20 digits, '+', '-' or blanks";
  return {};
}

std::string signPreRegistration(const PreRegistration& reg, const Ed25519PrivateKey& key) {
  PreRegistration r = reg;
  r.nationality = upper(r.nationality.empty() ? std::string_view("CHN") : std::string_view(r.nationality));
  if (const std::string err = checkPreRegistration(r); !err.empty()) throw std::invalid_argument(err);
  r.idNumber = validateIdDocument(r.idType, r.idNumber, r.nationality).normalized;
  r.name = std::string(trimBlanks(r.name));
  r.phone = std::string(trimBlanks(r.phone));
  const std::string json = toJson(r);
  std::string signedPart(kPreRegistrationPrefix);
  signedPart += encodeBase64(reinterpret_cast<const std::uint8_t*>(json.data()), json.size(), true);
  return signedPart + "." + sign(signedPart, key);
}

bool looksLikePreRegistration(std::string_view text) {
  text = trimBlanks(text);
  if (text.size() < 6 || text.substr(0, 4) != "NLPR") return false;
  std::size_t i = 4;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i > 4 && i < text.size() && text[i] == '.';
}

std::optional<PreRegistration> verifyPreRegistration(std::string_view payload, const Ed25519PublicKey& key,
                                                     std::string* why) {
  try {
    while (!payload.empty() && (payload.back() == '\n' || payload.back() == '\r')) payload.remove_suffix(1);
    payload = trimBlanks(payload);
    if (!looksLikePreRegistration(payload)) return refuse(why, "not a pre-registration code");
    if (payload.substr(0, kPreRegistrationPrefix.size()) != kPreRegistrationPrefix)
      return refuse(why, "pre-registration code of an unsupported version: ask the person to register again");
    const std::size_t dot = payload.rfind('.');
    if (dot < kPreRegistrationPrefix.size()) return refuse(why, "pre-registration code is incomplete (truncated)");
    const std::string_view signedPart = payload.substr(0, dot);
    const std::string_view body = signedPart.substr(kPreRegistrationPrefix.size());
    auto sig = decodeBase64(payload.substr(dot + 1), true);
    if (!sig || sig->size() != kSignatureSize)
      return refuse(why, "pre-registration code is incomplete or damaged (bad signature field)");
    if (!verify(signedPart, *sig, key))
      return refuse(why, "pre-registration code is forged or altered (signature does not verify): "
                         "scan the ID card instead");
    auto json = decodeBase64(body, true);
    if (!json) return refuse(why, "pre-registration code is damaged (bad body)");
    auto fields = FlatJsonParser(std::string_view(reinterpret_cast<const char*>(json->data()), json->size())).parse();
    if (!fields) return refuse(why, "pre-registration code is damaged (bad body)");
    auto text = [&](const char* k) -> std::optional<std::string> {
      auto it = fields->find(k);
      if (it == fields->end() || !it->second.isString) return std::nullopt;
      return it->second.text;
    };
    const auto t = text("t"), n = text("n"), c = text("c"), m = text("m"), p = text("p");
    const auto i = fields->find("i");
    if (!t || !n || !c || !m || !p || i == fields->end() || i->second.isString)
      return refuse(why, "pre-registration code lacks a field");
    const auto type = parseIdType(*t);
    if (!type) return refuse(why, "pre-registration code names an unknown document type");
    PreRegistration reg;
    reg.idType = *type;
    reg.idNumber = *n;
    reg.nationality = *c;
    reg.name = *m;
    reg.phone = *p;
    reg.issuedAt = std::stoll(i->second.text);
    if (const std::string err = checkPreRegistration(reg); !err.empty())
      return refuse(why, "pre-registration code holds invalid data: " + err);
    reg.idNumber = validateIdDocument(reg.idType, reg.idNumber, reg.nationality).normalized;
    if (why) why->clear();
    return reg;
  } catch (const std::exception&) {
    return refuse(why, "pre-registration code could not be read");
  }
}

}  // namespace natlims::domain
