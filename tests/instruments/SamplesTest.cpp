// Runs over the public instrument sample files kept beside the project (shared/fixtures/
// instruments, see its FORMATS.md). Skipped when the folder is absent. Expected values were
// read from the files by hand; they are what the vendor software displays.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "TestSupport.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;
namespace fs = std::filesystem;

namespace {

std::string samplesDir() {
  if (const char* env = std::getenv("NATLIMS_INSTRUMENT_SAMPLES")) return env;
  return std::string(NATLIMS_SOURCE_DIR) + "/../shared/fixtures/instruments";
}

bool available() {
  if (fs::is_directory(samplesDir())) return true;
  WARN("instrument samples not found at " << samplesDir() << ": skipped");
  return false;
}

RunData readSample(const std::string& relative) {
  const LoadOutcome load = loadFile(samplesDir() + "/" + relative, 32u << 20);
  INFO(load.error.message);
  REQUIRE(load.ok());
  return readOk(*load.file);
}

// Files that carry no Ct/Cq values: each must be refused with a reason, never read as a run.
const std::set<std::string> kNoCt = {
    "abi-7500/7500fast_sds_v2.3_sce.eds",                       // not analysed: no analysis_result.txt
    "biorad-cfx/sam_2023-12-10_09-26-24_Connect-Run_Information.csv",
    "other-instruments/RTqPCR_Mx3005P_Example_SampleInfo.txt",
    "rdml/v1.3_test_1_raw_data.rdml",
    "rdml/v1.4_linregpcr.rdml",
    "rdml/v1.4_matrix_gaps.rdml",
    "roche-lc480/RTqPCR_LC480_Example_SampleInfo.txt",
    "roche-lc480/RTqPCR_LC480_Example_rawdata.txt",
    "roche-lc480/tidyqpcr_Edward_qPCR_Nrd1_calibration_2019-02-02.txt.gz",
};

}  // namespace

TEST_CASE("every sample file that carries Ct values is read and the others are refused with a reason", "[samples]") {
  if (!available()) return;
  std::size_t read = 0;
  std::size_t refused = 0;
  for (const auto& entry : fs::recursive_directory_iterator(samplesDir())) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = fs::relative(entry.path(), samplesDir()).generic_string();
    const std::string name = entry.path().filename().string();
    // Link captures (ASTM, HL7) belong to the links; the schema folder holds specifications.
    if (relative.rfind("astm/", 0) == 0 || relative.rfind("hl7/", 0) == 0 || relative.rfind("rdml/schema/", 0) == 0) continue;
    if (name == "SOURCE.txt" || name == "README.md" || name == "FORMATS.md") continue;
    INFO(relative);
    const LoadOutcome load = loadFile(entry.path().string(), 32u << 20);
    REQUIRE(load.ok());
    const ReadOutcome outcome = readRun(*load.file);
    if (kNoCt.count(relative) != 0) {
      REQUIRE_FALSE(outcome.ok());
      CHECK(outcome.error.kind == ReadErrorKind::NoResults);
      CHECK(outcome.error.message.size() > name.size() + 20);
      ++refused;
      continue;
    }
    INFO(outcome.error.message);
    REQUIRE(outcome.ok());
    CHECK_FALSE(outcome.run->wells.empty());
    CHECK(outcome.run->plate.has_value());
    for (const auto& w : outcome.run->wells) CHECK(outcome.run->plate->contains(w.position));
    ++read;
  }
  CHECK(read >= 38);
  CHECK(refused == kNoCt.size());
}

TEST_CASE("sample files give the values the vendor software shows (spot checks)", "[samples]") {
  if (!available()) return;
  struct Row {
    const char* file;
    const char* well;
    const char* target;  // target name, or the dye when the file has none
    const char* expected;  // a number, "U" (undetermined) or "M" (no reading)
  };
  const Row rows[] = {
      {"abi-7500/7500_sdsv2_eds_analysis_result_ejemplo.txt", "C1", "ORF1ab", "27.42105"},
      {"abi-7500/7500_sdsv2_eds_analysis_result_ejemplo.txt", "C1", "RNAsaP", "U"},
      {"abi-7500/7500_sdsv2_eds_analysis_result_ejemplo.txt", "D3", "RNAsaP", "36.90654"},
      {"abi-7500/7500_sdsv2_eds_analysis_result_ejemplo.txt", "A1", "ORF1ab", "U"},
      {"abi-7500/7500_DEMO_COVID2020_THERMO.eds", "C1", "ORF1ab", "27.42105"},
      {"abi-7500/7500_DEMO_COVID2020_THERMO.eds", "D3", "N", "26.255709"},
      {"abi-7500/7500_mock_cdc_2probes.eds", "A1", "RP", "27.067278"},
      {"abi-7500/7500_mock_cdc_2probes.eds", "A2", "N1", "27.067278"},
      {"abi-quantstudio/QS3_csv_2019-04-25_135946-GRIN1.csv", "A1", "GRIN1", "32.411"},
      {"abi-quantstudio/QS3_csv_2019-04-25_135946-GRIN1.csv", "A4", "GRIN1", "U"},
      {"abi-quantstudio/QS5_csv_RELATIVE_example.csv", "A10", "PAX6", "26.258"},
      {"abi-quantstudio/QS7Flex_xls_COVID_test_Results_sheet.DERIVED.tsv", "A1", "N1", "20.0"},
      {"abi-quantstudio/QS7Flex_xls_COVID_test_Results_sheet.DERIVED.tsv", "A2", "N2", "U"},
      {"abi-quantstudio/QS7Flex_xls_COVID_test_Results_sheet.DERIVED.tsv", "H10", "N1", "32.439964294433594"},
      {"abi-quantstudio/appbio_quantstudio_designandanalysis_Diomni_v4.3_Presence_Absence.xlsx", "A1", "T4", "39.54"},
      {"abi-quantstudio/appbio_quantstudio_designandanalysis_Diomni_v4.3_Presence_Absence.xlsx", "A1", "Globin", "U"},
      {"abi-quantstudio/appbio_quantstudio_designandanalysis_QS3_Relative_Quantification_example02.xlsx", "A2", "RNaseP", "30.63431941024927"},
      {"abi-quantstudio/appbio_quantstudio_designandanalysis_QS3_Relative_Quantification_example02.xlsx", "A1", "RNaseP", "U"},
      {"abi-quantstudio/appbio_quantstudio_designandanalysis_QS7Pro_Primary_Analysis_example18.xlsx", "A1", "FAM", "17.97"},
      {"abi-quantstudio/appbio_quantstudio_example01.txt", "A1", "TARGET_1", "18.717"},
      {"abi-quantstudio/appbio_quantstudio_example02.txt", "A2", "IPC", "32.874"},
      {"abi-quantstudio/appbio_quantstudio_example02.txt", "A1", "TGFb", "U"},
      {"abi-quantstudio/appbio_quantstudio_example03.txt", "A2", "CYP19_2 Allele 1", "27.546"},
      {"abi-quantstudio/appbio_quantstudio_example03.txt", "A2", "CYP19_2 Allele 2", "29.013"},
      {"abi-quantstudio/appbio_quantstudio_example04.txt", "A1", "RNase P", "27.102"},
      {"abi-quantstudio/appbio_quantstudio_example05.txt", "A1", "TGF-B", "U"},
      {"abi-quantstudio/appbio_quantstudio_example06.txt", "D1", "TGF-B", "30.155"},
      {"abi-quantstudio/appbio_quantstudio_example07.txt", "A2", "RNaseP", "31.404"},
      {"abi-quantstudio/appbio_quantstudio_example08.xlsx", "A1", "18S", "11.32002067565918"},
      {"abi-quantstudio/appbio_quantstudio_example10.xlsx", "A1", "GeneA", "25.5"},
      {"abi-quantstudio/example_quantsudio_results_only.txt", "A1", "3'UTR", "16.484"},
      {"abi-quantstudio/example_quantsudio_results_only.txt", "B12", "3'UTR", "26.592"},
      {"abi-sds2-7900-legacy/HTqPCR_SDS_2.3_RQ_sample.txt", "A1", "Gene1", "11.463166"},
      {"abi-sds2-7900-legacy/HTqPCR_SDS_2.3_RQ_sample.txt", "A9", "Gene9", "U"},
      {"abi-sds2-7900-legacy/HTqPCR_SDS_2.3_RQ_sample.txt", "P19", "Gene186", "36.927723"},
      {"biorad-cfx/HTqPCR_CFX_sample_NA.csv.txt", "A1", "GLP1", "37.42"},
      {"biorad-cfx/HTqPCR_CFX_sample_NA.csv.txt", "A7", "GLP1", "U"},
      {"biorad-cfx/allotropy_cfxmaestro_example01.csv", "A1", "FAM", "21.1877528266099"},
      {"biorad-cfx/sam_2023-11-19_08-35-30_Connect-Quantification-Cq-Results.csv", "A6", "CAcT", "38.4478775351084"},
      {"biorad-cfx/sam_2023-11-19_08-35-30_Connect-Quantification-Cq-Results.csv", "A1", "CAcT", "U"},
      {"biorad-cfx/sam_2023-12-10_07-50-37_Connect-Quantification-Cq-Results.xlsx", "A3", "CAct", "36.7641639114493"},
      {"biorad-cfx/sam_2023-12-10_07-50-37_Connect-Quantification-Cq-Results.xlsx", "A5", "CAct", "39.3970627395637"},
      {"biorad-cfx/sam_2023-12-10_07-50-37_Connect-Quantification-Cq-Results.xlsx", "A1", "CAct", "U"},
      {"biorad-cfx/sam_2023-12-10_09-26-24_Connect-Quantification-Cq_Results.csv", "A1", "CAct", "36.6197981615186"},
      {"biorad-cfx/sam_2023-12-12_05-39-11_Connect-Quantification-Cq_Results.csv", "A5", "CAct", "36.612462841376"},
      {"biorad-cfx/sam_2023-12-12_05-39-11_Connect-Quantification-Cq_Results.csv", "A4", "CAct", "U"},
      {"rdml/RDES_v1_0_example_amplification.tsv", "A4", "Exon 2", "25.749"},
      {"rdml/RDES_v1_0_example_amplification.tsv", "A1", "Exon 1", "U"},
      {"rdml/biorad_cfx_v1.1_BioRad_qPCR_melt.rdml", "A1", "EvaGreen", "27.7514537682101"},
      {"rdml/biorad_cfx_v1.1_BioRad_qPCR_melt.rdml", "A1", "Cy5", "U"},
      {"rdml/lightcycler96_v1.1_lc96_bACTXY.rdml", "A1", "Hex", "31.71"},
      {"rdml/lightcycler96_v1.1_lc96_bACTXY.rdml", "A1", "FAM", "U"},  // stored 33.56, called Negative
      {"rdml/stepone_v1.0_stepone_std.rdml", "A3", "RNase P", "U"},   // 40.0 = the cycle count
      {"rdml/stepone_v1.0_stepone_std.rdml", "A4", "RNase P", "28.96287"},
      {"rdml/v1.4_absolute_cq_minus1.rdml", "A1", "BIRC5_20080229", "23.403"},
      {"rdml/v1.4_absolute_cq_minus1.rdml", "G1", "BIRC5_20080229", "U"},
      {"roche-lc480/HTqPCR_LightCycler_sample_CRonly.txt", "A1", "SYBR", "16.13"},
      {"roche-lc480/HTqPCR_LightCycler_sample_CRonly.txt", "A2", "SYBR", "U"},
      {"roche-lc480/tidyqpcr_Edward_qPCR_Nrd1_calibration_2019-02-02_Cq.txt", "A1", "SYBR", "22.78"},
      {"roche-lc480/tidyqpcr_Edward_qPCR_Nrd1_calibration_2019-02-02_Cq.txt.gz", "A1", "SYBR", "22.78"},
      {"roche-lc480/tidyqpcr_Edward_qPCR_TxnInhibitors_HS_2018-06-15_plate1_Cq.txt", "A1", "SYBR", "14.98"},
      {"roche-lc480/tidyqpcr_Stuart_dAgr_glyS_spoVG_5S_individualWells_Cq.txt.gz", "A1", "SYBR", "13.98"},
  };
  for (const auto& r : rows) {
    INFO(r.file << " " << r.well << " " << r.target);
    const RunData run = readSample(r.file);
    const WellReading& w = reading(run, r.well, r.target);
    const std::string expected = r.expected;
    if (expected == "U") {
      CHECK(w.ct.state == CtValue::State::Undetermined);
    } else if (expected == "M") {
      CHECK(w.ct.state == CtValue::State::Missing);
    } else {
      REQUIRE(w.ct.state == CtValue::State::Value);
      CHECK(w.ct.value == Approx(std::stod(expected)).margin(1e-9));
    }
  }
}

TEST_CASE("sample files: no-amplification counts and quirks", "[samples]") {
  if (!available()) return;
  auto count = [](const RunData& run, CtValue::State state) {
    std::size_t n = 0;
    for (const auto& w : run.wells) n += w.ct.state == state ? 1 : 0;
    return n;
  };
  // FORMATS.md: "Undetermined x28" in example02; SDS 2.3 has 31.
  CHECK(count(readSample("abi-quantstudio/appbio_quantstudio_example02.txt"), CtValue::State::Undetermined) == 28);
  CHECK(count(readSample("abi-sds2-7900-legacy/HTqPCR_SDS_2.3_RQ_sample.txt"), CtValue::State::Undetermined) == 31);
  // Bio-Rad's RDML omits <cq> in 34 of 60 data elements.
  CHECK(count(readSample("rdml/biorad_cfx_v1.1_BioRad_qPCR_melt.rdml"), CtValue::State::Undetermined) == 34);
  // The LightCycler 96 stores Cq 100 for negatives: never a value here.
  for (const auto& w : readSample("rdml/lightcycler96_v1.1_lc96_bACTXY.rdml").wells) {
    if (w.ct.raw == "100") CHECK_FALSE(w.ct.hasValue());
  }
  // The 7500 .eds stores Undetermined as the cycle count (40.0).
  for (const auto& w : readSample("abi-7500/7500_DEMO_COVID2020_THERMO.eds").wells) {
    if (w.ct.raw == "40.0") CHECK(w.ct.state == CtValue::State::Undetermined);
  }
  // The derived QS7 Flex sheet has hand-edited Well Positions: read, and said.
  const RunData qs7 = readSample("abi-quantstudio/QS7Flex_xls_COVID_test_Results_sheet.DERIVED.tsv");
  REQUIRE_FALSE(qs7.warnings.empty());
  CHECK(qs7.warnings[0].find("disagrees with their Well Position") != std::string::npos);
  // 7500 CFX Maestro CSVs: "Cq Mean" 0 is never read as a Ct.
  for (const auto& w : readSample("biorad-cfx/sam_2023-11-19_08-35-30_Connect-Quantification-Cq-Results.csv").wells) {
    if (w.ct.hasValue()) CHECK(w.ct.value > 1.0);
  }
}
