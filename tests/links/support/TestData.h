#pragma once

// Messages written for these tests (never copied from the fixture folder).

#include <string>
#include <vector>

#include "natlims/domain/CodeScheme.h"

namespace natlims::testing {

/// The n-th valid tube code.
inline std::string tube(std::uint64_t n) { return domain::makeCodeFromNumber(domain::CodeKind::Tube, 1000 + n); }

/// A small E1394 result message from a QuantStudio-like instrument: two tubes and two controls,
/// targets ORF1ab (FAM) and N (VIC), standard delimiters.
inline std::vector<std::string> astmRun(const std::string& controlId = "QS7-RUN-0001") {
  return {
      "H|\\^&|" + controlId + "||QS7^QuantStudio 7^1.3|||||LIS||P|LIS2-A2|20261201083000",
      "P|1||||",
      "O|1|" + tube(1) + "|^PLATE-7^A1|^^^SARS-CoV-2|R||||||||||||||||||||F",
      "R|1|^^^ORF1ab^FAM|31.2|cycles||||F",
      "R|2|^^^N^VIC|Undetermined|cycles||||F",
      "P|2||||",
      "O|1|" + tube(2) + "|^PLATE-7^B1|^^^SARS-CoV-2|R||||||||||||||||||||F",
      "R|1|^^^ORF1ab^FAM|No Ct|cycles||||F",
      "R|2|^^^N^VIC|0|cycles||||F",
      "P|3||||",
      "O|1|PC|^PLATE-7^G12|^^^SARS-CoV-2|R||||||||||||||||||||Q",
      "R|1|^^^ORF1ab^FAM|27.85|cycles||||F",
      "R|2|^^^N^VIC|28.1|cycles||||F",
      "P|4||||",
      "O|1|NTC|^PLATE-7^H12|^^^SARS-CoV-2|R||||||||||||||||||||Q",
      "R|1|^^^ORF1ab^FAM|Undetermined|cycles||||F",
      "R|2|^^^N^VIC|Undetermined|cycles||||F",
      "L|1|N",
  };
}

/// The run document toJson makes of astmRun(controlId), byte for byte.
inline std::string astmRunJson(const std::string& controlId = "QS7-RUN-0001") {
  return R"({"format":"natlims-results-v1","source":"astm","instrument":"QS7^QuantStudio 7^1.3","run_id":")" +
         controlId + R"(","wells":[)" +
         R"({"well":"A1","sample":")" + tube(1) + R"(","target":"ORF1ab","dye":"FAM","ct":31.2},)" +
         R"({"well":"A1","sample":")" + tube(1) + R"(","target":"N","dye":"VIC","ct":null},)" +
         R"({"well":"B1","sample":")" + tube(2) + R"(","target":"ORF1ab","dye":"FAM","ct":null},)" +
         R"({"well":"B1","sample":")" + tube(2) + R"(","target":"N","dye":"VIC","ct":null},)" +
         R"({"well":"G12","sample":"PC","target":"ORF1ab","dye":"FAM","ct":27.85},)" +
         R"({"well":"G12","sample":"PC","target":"N","dye":"VIC","ct":28.1},)" +
         R"({"well":"H12","sample":"NC","target":"ORF1ab","dye":"FAM","ct":null},)" +
         R"({"well":"H12","sample":"NC","target":"N","dye":"VIC","ct":null}]})";
}

/// An ORU^R01 (v2.5.1) with Ct observations for two tubes; segments separated by CR.
inline std::string oruR01(const std::string& controlId = "ORU-0001") {
  return "MSH|^~\\&|CFX96^BIORAD|LAB-1|NATLIMS|LAB-1|20261201083000||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1\r"
         "PID|1||ANON-1\r"
         "OBR|1||" + tube(11) + "|94500-6^SARS-CoV-2 RNA^LN\r"
         "OBX|1|NM|ORF1ab^ORF1ab Ct^L||33.4|{cycles}|||||F\r"
         "OBX|2|NM|N^N gene Ct^L||32.05|{cycles}|||||F\r"
         "OBX|3|CWE|94500-6^SARS-CoV-2 RNA^LN||260373001^Detected^SCT||||||F\r"
         "OBR|2||" + tube(12) + "|94500-6^SARS-CoV-2 RNA^LN\r"
         "OBX|1|ST|ORF1ab^ORF1ab Ct^L||Undetermined|{cycles}|||||F\r"
         "OBX|2|NM|N^N gene Ct^L|||{cycles}|||||F\r"
         "SPM|1|" + tube(12) + "||NPS^Nasopharyngeal swab^L\r";
}

/// An OUL^R22 (IHE LAW style): specimen first (SPM, SAC with the well), then the order and its
/// observations; the FAM/VIC dye is in OBX-17.
inline std::string oulR22(const std::string& controlId = "OUL-0001") {
  return "MSH|^~\\&|COBAS^ROCHE|LAB-1|NATLIMS|LAB-1|20261201083000||OUL^R22^OUL_R22|" + controlId + "|P|2.5.1\r"
         "SPM|1|" + tube(21) + "||NPS^Nasopharyngeal swab^L\r"
         "SAC|||" + tube(21) + "||||||||C7\r"
         "OBR|1|||SARS^SARS-CoV-2 PCR^L\r"
         "OBX|1|NM|ORF1ab^ORF1ab^L||24.5|Ct|||||F||||||FAM\r"
         "OBX|2|NM|E^E gene^L||25|Ct|||||F||||||HEX\r"
         "SPM|2|NC||NPS^Nasopharyngeal swab^L\r"
         "OBR|1|||SARS^SARS-CoV-2 PCR^L\r"
         "OBX|1|NM|ORF1ab^ORF1ab^L||-1|Ct|||||F||||||FAM\r";
}

}  // namespace natlims::testing
