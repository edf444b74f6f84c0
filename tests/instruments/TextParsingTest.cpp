// White-box tests of the text layer: number styles, encodings, delimited tables.
#include <catch2/catch.hpp>

#include "readers/FormatError.h"
#include "text/Numbers.h"
#include "text/Table.h"
#include "text/TextDecoder.h"

using namespace natlims::instruments;
using namespace natlims::instruments::detail;

TEST_CASE("numbers: thousands separators only where ABI writes them", "[text]") {
  const NumberStyle abi{true, '.'};
  CHECK(*parseNumber("100,000,000.000", abi) == Approx(1e8));
  CHECK(*parseNumber("846,041.750", abi) == Approx(846041.75));
  CHECK(*parseNumber("5,720.562", abi) == Approx(5720.562));
  CHECK(*parseNumber("31.2", abi) == Approx(31.2));
  CHECK_FALSE(parseNumber("1,23.4", abi));
  CHECK_FALSE(parseNumber("12,3456.0", abi));
  CHECK_FALSE(parseNumber("31,2", abi));  // not a thousands group, and '.' is the decimal mark
}

TEST_CASE("numbers: decimal commas, exponents, and words that are not numbers", "[text]") {
  CHECK(*parseNumber("22,78", NumberStyle{false, ','}) == Approx(22.78));
  CHECK(*parseNumber("22,78", NumberStyle{false, 0}) == Approx(22.78));
  CHECK(*parseNumber("1.01E+05") == Approx(101000));
  CHECK(*parseNumber("+3") == Approx(3));
  CHECK(*parseNumber(" 40.0 ") == Approx(40));
  CHECK(*parseNumber("-1.0") == Approx(-1));
  for (const char* text : {"NaN", "nan", "inf", "Undetermined", "", "1.2.3", "12abc", "N/A", "--1"}) {
    INFO(text);
    CHECK_FALSE(parseNumber(text));
  }
  CHECK_FALSE(parseNumber("22.78", NumberStyle{false, ','}));
}

TEST_CASE("text decoding: BOMs, UTF-16 without BOM, GB18030 against Latin-1", "[text]") {
  CHECK(decodeText("\xEF\xBB\xBFWell\r\nA1\rB1\n").text == "Well\nA1\nB1\n");
  CHECK(decodeText(std::string("\xFF\xFEW\0e\0l\0l\0\r\0\n\0", 12)).text == "Well\n");
  CHECK(decodeText(std::string("\xFE\xFF\0W\0e", 6)).text == "We");
  const auto bomless = decodeText(std::string("W\0e\0l\0l\0\t\0C\0t\0\n\0", 16));
  CHECK(bomless.encoding == "utf-16le");
  CHECK(bomless.text == "Well\tCt\n");
  // "孔位" in GB18030 is BF D7 CE BB.
  const auto gb = decodeText("\xBF\xD7\xCE\xBB\tCt\n");
  CHECK(gb.encoding == "gb18030");
  CHECK(gb.text == "孔位\tCt\n");
  // "für" in Latin-1: a lone high byte next to ASCII letters.
  const auto latin = decodeText("Kontrolle f\xFCr A1\n");
  CHECK(latin.encoding == "latin-1");
  CHECK(latin.text == "Kontrolle für A1\n");
  // Windows-1252 0x99 is the trade mark sign QuantStudio writes.
  CHECK(decodeText("QuantStudio\x99 3\n").text == "QuantStudio™ 3\n");
  CHECK(decodeText("abc", "gb18030").encoding == "gb18030");
}

TEST_CASE("text decoding refuses binary content, naming the offset", "[text]") {
  try {
    decodeText(std::string("Well\tCt\n\x01\x02\x03garbage", 18));
    FAIL("binary content accepted");
  } catch (const FormatError& e) {
    CHECK(e.kind() == ReadErrorKind::Binary);
    CHECK(std::string(e.what()).find("offset 8") != std::string::npos);
  }
  CHECK_THROWS_AS(decodeText(std::string("ab\0cd\xff\x10", 7)), FormatError);
  CHECK_THROWS_AS(decodeText("\xEF\xBB\xBF\xC3\x28"), FormatError);  // BOM, then invalid UTF-8
}

TEST_CASE("delimited tables: quotes, embedded separators, CR-only text after normalisation", "[text]") {
  const Table t = parseDelimited(normalizeLineEndings("a,\"b,c\",\"say \"\"hi\"\"\"\r1,2,3\r"), ',');
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells == std::vector<std::string>{"a", "b,c", "say \"hi\""});
  CHECK(t.rows[1].cells == std::vector<std::string>{"1", "2", "3"});
  CHECK(t.rows[1].line == 2);
  CHECK(t.lastRowComplete);
  const Table open = parseDelimited("x\ty", '\t');
  CHECK_FALSE(open.lastRowComplete);
  CHECK_THROWS_AS(parseDelimited("a,\"never closed\n1,2\n", ','), FormatError);
}

TEST_CASE("header names fold Cyrillic look-alikes, case and blanks", "[text]") {
  CHECK(normalizeHeader("Cт") == "ct");           // U+0442, as the 7500 writes it
  CHECK(normalizeHeader("Cт Mean") == "ct mean");
  CHECK(normalizeHeader("  Well   Position ") == "well position");
  CHECK(normalizeHeader("\xEF\xBB\xBFWell") == "well");
  CHECK(normalizeHeader("Ct值") == "ct值");
  CHECK(normalizeHeader("\"Sample Name\"") == "sample name");
  const TableRow header{{"Well", "Target Name", "Cт", "Target Name"}, 1};
  const HeaderIndex h(header);
  CHECK(h.find({"target name"}) == 1);  // the first of repeated names
  CHECK(h.find({"cq", "ct"}) == 2);
  CHECK(h.find({"cp"}) == -1);
}
