#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace natlims::instruments {

/// How to read a delimited result table from an instrument that has no dedicated reader
/// (Hongshi SLAN, Bioer LineGene, Tianlong Gentier, ...): which header names mean what.
///
/// Header names are compared after normalization (case, blanks and Cyrillic look-alikes folded),
/// so "Ct值", "CT值" and "ct值" are one name. The separator (tab, comma, semicolon) and the text
/// encoding (UTF-8, UTF-16 with BOM, GB18030, Latin-1) are sniffed; see docs/instruments.md.
struct TableMapping {
  std::string name;                 // id used in RunData::format as "table:<name>"
  std::string instrument;           // written to RunData::instrument
  std::vector<std::string> well;    // required: header names of the well column
  std::vector<std::string> ct;      // required: header names of the Ct column
  std::vector<std::string> sample;
  std::vector<std::string> target;
  std::vector<std::string> dye;
  std::vector<std::string> noCt;    // cell texts meaning "no amplification" (case-insensitive)
  bool emptyCtIsUndetermined = true;  // false: an empty Ct cell is "missing" (no result)
  int wellNumberBase = 1;           // when wells are numbers: 1 (A1 = 1) or 0 (A1 = 0)
  char decimalMark = 0;             // '.' or ','; 0 = accept either (a lone ',' is decimal)
};

/// The mapping that ships with the library: English and Chinese header names seen on Chinese
/// instruments ("孔位", "样本名称", "靶基因", "通道", "Ct值", "未检出", ...). Tried after any
/// configured mapping.
TableMapping builtinTableMapping();

/// Parses mappings from INI text, one `[table NAME]` section each:
///   [table slan-96p]
///   instrument = Hongshi SLAN-96P
///   well = 孔位, Well        ; comma-separated header names
///   ct = Ct值, Ct
///   sample = 样本名称 / target = 靶基因 / dye = 通道 / no_ct = 未检出, NoCt
///   empty_ct = undetermined | missing
///   well_numbers = 1 | 0
///   decimal = . | ,
/// Throws std::invalid_argument naming the section and key on any error (unknown key, missing
/// `well` or `ct`, bad value). `source` names the text in messages.
std::vector<TableMapping> parseTableMappings(std::string_view iniText, std::string_view source);

/// Reads and parses a mapping file; throws std::invalid_argument when it cannot.
std::vector<TableMapping> loadTableMappings(const std::string& path);

}  // namespace natlims::instruments
