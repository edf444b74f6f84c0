#include <catch2/catch.hpp>

#include "natlims/reporting/Hl7Ack.h"

using namespace natlims::reporting;

TEST_CASE("ACKs are read: code, control id and the receiver's reason", "[reporting][hl7][ack]") {
  struct Row {
    const char* what;
    std::string text;
    Hl7Ack::Code code;
    const char* codeText;
    const char* controlId;
    const char* reason;
  };
  const std::string msh = "MSH|^~\\&|CDC|CDC|NATLIMS|LAB|20261201150001||ACK^R01^ACK|X1|P|2.5.1\r";
  const Row rows[] = {
      {"accept", msh + "MSA|AA|ABC0123V1\r", Hl7Ack::Code::Accept, "AA", "ABC0123V1", ""},
      {"application error with text", msh + "MSA|AE|ABC0123V1|OBX-3 unknown code\r", Hl7Ack::Code::Error, "AE",
       "ABC0123V1", "OBX-3 unknown code"},
      {"reject", msh + "MSA|AR|ABC0123V1|not accepting P\r", Hl7Ack::Code::Reject, "AR", "ABC0123V1",
       "not accepting P"},
      {"enhanced-mode commit accept", msh + "MSA|CA|ABC0123V1\r", Hl7Ack::Code::Accept, "CA", "ABC0123V1", ""},
      {"enhanced-mode commit reject", msh + "MSA|CR|ABC0123V1\r", Hl7Ack::Code::Reject, "CR", "ABC0123V1", ""},
      {"LF separated", "MSH|^~\\&|CDC\nMSA|AA|K1\n", Hl7Ack::Code::Accept, "AA", "K1", ""},
      {"CRLF separated", "MSH|^~\\&|CDC\r\nMSA|AE|K1|bad\r\n", Hl7Ack::Code::Error, "AE", "K1", "bad"},
      {"ERR-8 user message (v2.5)",
       msh + "MSA|AE|K1\rERR||PID^1^3|204^Unknown key identifier^HL70357|E||||Person unknown\r",
       Hl7Ack::Code::Error, "AE", "K1", "Person unknown; Unknown key identifier"},
      {"ERR-1 (v2.3 style)", msh + "MSA|AE|K1|Rejected\rERR|PID^1^3^204&Unknown key\r", Hl7Ack::Code::Error, "AE",
       "K1", "Rejected; Unknown key"},
      {"escaped text", msh + "MSA|AE|K1|field \\F\\ and \\S\\ and \\E\\ \\X41\\\r", Hl7Ack::Code::Error, "AE", "K1",
       "field | and ^ and \\ A"},
      {"other separators", "MSH#$%@*CDC#X\rMSA#AE#K1#a|b$c\r", Hl7Ack::Code::Error, "AE", "K1", "a|b$c"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    const Hl7AckParse parsed = parseHl7Ack(row.text);
    INFO(parsed.error);
    REQUIRE(parsed.ack);
    CHECK(parsed.ack->code == row.code);
    CHECK(parsed.ack->codeText == row.codeText);
    CHECK(parsed.ack->controlId == row.controlId);
    CHECK(parsed.ack->text == row.reason);
  }
}

TEST_CASE("bytes that are not an ACK are told apart with a reason", "[reporting][hl7][ack]") {
  struct Row {
    const char* what;
    std::string text;
    const char* error;
  };
  const Row rows[] = {
      {"empty", "", "not an HL7 message (no MSH at the start)"},
      {"HTTP", "HTTP/1.1 400 Bad Request\r\n\r\n", "not an HL7 message (no MSH at the start)"},
      {"no MSA", "MSH|^~\\&|CDC\rPID|1\r", "no MSA segment"},
      {"bad code", "MSH|^~\\&|CDC\rMSA|OK|K1\r", "MSA-1 is not AA, AE, AR, CA, CE or CR"},
      {"no control id", "MSH|^~\\&|CDC\rMSA|AA\r", "MSA-2 (the control id acknowledged) is empty"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    const Hl7AckParse parsed = parseHl7Ack(row.text);
    CHECK_FALSE(parsed.ack);
    CHECK(parsed.error == row.error);
  }
}
