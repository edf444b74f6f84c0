#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>

#include "natlims/domain/PreRegistration.h"

using namespace natlims::domain;

namespace {

const Ed25519PrivateKey& serverKey() {
  static const Ed25519PrivateKey key = generateEd25519PrivateKey();
  return key;
}

const Ed25519PublicKey& serverPublic() {
  static const Ed25519PublicKey pub = ed25519PublicKeyOf(serverKey());
  return pub;
}

PreRegistration zhang() {
  PreRegistration r;
  r.idType = IdType::ResidentId;
  r.idNumber = "11010519491231002X";
  r.nationality = "CHN";
  r.name = "张三";
  r.phone = "13800138000";
  r.issuedAt = 1764547200;
  return r;
}

constexpr std::string_view kUrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

TEST_CASE("pre-registrations round-trip through sign and verify", "[prereg]") {
  struct Row {
    const char* label;
    PreRegistration reg;
    PreRegistration expected;  // what verify gives back (normalized)
  };
  auto with = [](auto f) {
    PreRegistration r = zhang();
    f(r);
    return r;
  };
  const std::vector<Row> rows = {
      {"resident id", zhang(), zhang()},
      {"lower-case check character is normalized",
       with([](PreRegistration& r) { r.idNumber = "11010519491231002x"; }), zhang()},
      {"no phone (proxy registration of a child)", with([](PreRegistration& r) { r.phone = ""; }),
       with([](PreRegistration& r) { r.phone = ""; })},
      {"foreign passport with a Latin name holding quotes and a backslash",
       with([](PreRegistration& r) {
         r.idType = IdType::Passport;
         r.idNumber = "X1234567";
         r.nationality = "deu";
         r.name = "Anna \"Nan\" O\\Brien";
         r.phone = "+49 30 1234567";
       }),
       with([](PreRegistration& r) {
         r.idType = IdType::Passport;
         r.idNumber = "X1234567";
         r.nationality = "DEU";
         r.name = "Anna \"Nan\" O\\Brien";
         r.phone = "+49 30 1234567";
       })},
      {"home-return permit", with([](PreRegistration& r) { r.idType = IdType::HomeReturnPermit; r.idNumber = "H12345678"; }),
       with([](PreRegistration& r) { r.idType = IdType::HomeReturnPermit; r.idNumber = "H12345678"; })},
      {"name with a 4-byte code point", with([](PreRegistration& r) { r.name = "𠀀明"; }),
       with([](PreRegistration& r) { r.name = "𠀀明"; })},
  };
  for (const auto& row : rows) {
    INFO(row.label);
    const std::string payload = signPreRegistration(row.reg, serverKey());
    CHECK(payload.rfind("NLPR1.", 0) == 0);
    CHECK(looksLikePreRegistration(payload));
    // Fits comfortably in a QR code a phone shows (and a scanner's line buffer).
    CHECK(payload.size() < 400);
    std::string why = "stale";
    const auto back = verifyPreRegistration(payload + "\r\n", serverPublic(), &why);
    REQUIRE(back);
    CHECK(why.empty());
    CHECK(*back == row.expected);
  }
}

TEST_CASE("every altered character of a payload is refused", "[prereg]") {
  const std::string payload = signPreRegistration(zhang(), serverKey());
  std::size_t tried = 0, expected = 0;
  for (std::size_t pos = 0; pos < payload.size(); ++pos) {
    expected += kUrlAlphabet.find(payload[pos]) == std::string_view::npos ? 64 : 63;
    for (char c : kUrlAlphabet) {
      if (c == payload[pos]) continue;
      std::string bad = payload;
      bad[pos] = c;
      ++tried;
      std::string why;
      if (verifyPreRegistration(bad, serverPublic(), &why)) FAIL("altered payload accepted at " << pos);
      CHECK_FALSE(why.empty());
    }
  }
  CHECK(tried == expected);
}

TEST_CASE("a payload signed by another key is refused as forged", "[prereg]") {
  const Ed25519PrivateKey forger = generateEd25519PrivateKey();
  REQUIRE_FALSE(ed25519PublicKeyOf(forger) == serverPublic());
  const std::string forged = signPreRegistration(zhang(), forger);
  std::string why;
  CHECK_FALSE(verifyPreRegistration(forged, serverPublic(), &why));
  CHECK(why.find("forged") != std::string::npos);
  // ...and a body of one code with the signature of another is refused too.
  PreRegistration other = zhang();
  other.idNumber = "440524188001010014";
  const std::string genuine = signPreRegistration(zhang(), serverKey());
  const std::string genuineOther = signPreRegistration(other, serverKey());
  const std::string spliced = genuineOther.substr(0, genuineOther.rfind('.')) + genuine.substr(genuine.rfind('.'));
  CHECK_FALSE(verifyPreRegistration(spliced, serverPublic(), &why));
}

TEST_CASE("every truncation of a payload is refused", "[prereg]") {
  const std::string payload = signPreRegistration(zhang(), serverKey());
  for (std::size_t n = 0; n < payload.size(); ++n) {
    INFO("length " << n);
    CHECK_FALSE(verifyPreRegistration(payload.substr(0, n), serverPublic()));
  }
  CHECK_FALSE(verifyPreRegistration(payload + "A", serverPublic()));
  CHECK_FALSE(verifyPreRegistration(payload + ".AAAA", serverPublic()));
}

TEST_CASE("garbage is refused with a reason and never throws", "[prereg]") {
  struct Row {
    std::string text;
    const char* reasonPart;
  };
  const std::vector<Row> rows = {
      {"", "not a pre-registration code"},
      {"T3K79QW4XA", "not a pre-registration code"},
      {"11010519491231002X", "not a pre-registration code"},
      {"NLPR1", "not a pre-registration code"},
      {"NLPR1.", "truncated"},
      {"NLPR1..", "damaged"},
      {"NLPR2.abc.def", "unsupported version"},
      {"NLPR1.!!!!.????", "damaged"},
      {"NLPR1.e30." + std::string(86, 'A'), "forged"},
      {std::string("NLPR1.\0\xff\xfe.", 10) + std::string(86, '_'), "damaged"},
  };
  for (const auto& row : rows) {
    INFO("input: " << row.text);
    std::string why;
    std::optional<PreRegistration> r;
    REQUIRE_NOTHROW(r = verifyPreRegistration(row.text, serverPublic(), &why));
    CHECK_FALSE(r);
    CHECK(why.find(row.reasonPart) != std::string::npos);
  }
}

TEST_CASE("signing refuses invalid content, naming the field and not the number", "[prereg]") {
  struct Row {
    const char* label;
    void (*change)(PreRegistration&);
    const char* field;
  };
  const std::vector<Row> rows = {
      {"bad check character", [](PreRegistration& r) { r.idNumber = "110105194912310021"; }, "id_number:"},
      {"empty name", [](PreRegistration& r) { r.name = "  "; }, "name:"},
      {"control character in name", [](PreRegistration& r) { r.name = "A\nB"; }, "name:"},
      {"letters in phone", [](PreRegistration& r) { r.phone = "call me"; }, "phone:"},
      {"nationality of 2 letters", [](PreRegistration& r) { r.nationality = "CN"; }, "nationality:"},
  };
  for (const auto& row : rows) {
    INFO(row.label);
    PreRegistration r = zhang();
    row.change(r);
    try {
      signPreRegistration(r, serverKey());
      FAIL("signed invalid content");
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      CHECK(msg.rfind(row.field, 0) == 0);
      CHECK(msg.find("1101051949") == std::string::npos);
    }
  }
}

TEST_CASE("keys serialize as base64 of 32 raw bytes and parse back", "[prereg]") {
  const std::string pubText = toBase64(serverPublic());
  CHECK(pubText.size() == 44);
  CHECK(ed25519PublicKeyFromBase64(pubText + "\n") == serverPublic());
  const auto priv = ed25519PrivateKeyFromBase64(toBase64(serverKey()));
  REQUIRE(priv);
  CHECK(ed25519PublicKeyOf(*priv) == serverPublic());
  // The same seed always gives the same public key and the same signature (Ed25519 is deterministic).
  CHECK(signPreRegistration(zhang(), *priv) == signPreRegistration(zhang(), serverKey()));
  const std::vector<std::string> badKeys = {std::string(""), std::string("AAAA"), pubText.substr(0, 43), pubText + "AAAA",
                                           std::string(44, '!'), toBase64(serverPublic()).replace(42, 1, "B")};
  for (const std::string& bad : badKeys) {
    INFO("key text: " << bad);
    CHECK_FALSE(ed25519PublicKeyFromBase64(bad));
  }
  // RFC 8032 section 7.1, TEST 1: a known seed and its public key.
  const auto seed = ed25519PrivateKeyFromBase64("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=");
  REQUIRE(seed);
  CHECK(toBase64(ed25519PublicKeyOf(*seed)) == "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
}

TEST_CASE("distinct registrations give distinct payloads", "[prereg]") {
  std::set<std::string> seen;
  PreRegistration r = zhang();
  for (int i = 0; i < 50; ++i) {
    r.issuedAt = 1764547200 + i;
    CHECK(seen.insert(signPreRegistration(r, serverKey())).second);
  }
}
