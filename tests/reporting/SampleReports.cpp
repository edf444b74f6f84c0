#include "SampleReports.h"

#include "natlims/domain/IdDocument.h"

namespace natlims::reporting::test {

std::string residentId(const std::string& area, const std::string& birth, int sequence) {
  std::string seq = std::to_string(sequence);
  while (seq.size() < 3) seq.insert(seq.begin(), '0');
  const std::string first17 = area + birth + seq;
  return first17 + domain::residentIdCheckChar(first17);
}

namespace {

PositiveReport base() {
  PositiveReport r;
  r.messageId = "rpt-2026-000123";
  r.specimen.collectedAt = collectedAt;
  r.specimen.receivedAt = receivedAt;
  r.specimen.labName = "演示镇检测实验室";
  r.specimen.labId = "LAB-0001";
  r.call = ResultCall::Positive;
  r.kitId = "daan-orf1ab-n";
  r.kitVersion = "1";
  r.resultLoinc = "94500-6";
  r.targets = {
      {"ORF1ab", 23.456, TargetCall::Detected, "94644-2", "94559-2"},
      {"N", 25.1, TargetCall::Detected, "94510-5", "94533-7"},
      {"IC", std::nullopt, TargetCall::NotDetected, "", ""},
  };
  r.releasedAt = releasedAt;
  r.releasedBy = "reviewer2";
  return r;
}

}  // namespace

PositiveReport individualReport() {
  PositiveReport r = base();
  r.kind = ReportKind::Individual;
  r.specimen.tube = "TX00000001";
  r.specimen.pooledSize = 1;
  Person p;
  p.idType = domain::IdType::ResidentId;
  p.idNumber = residentId("110105", "19900307", 123);  // 17th digit 3: male
  p.name = "张三";
  p.phone = "13800138000";
  r.persons = {p};
  return r;
}

PositiveReport pooledReport(int n) {
  PositiveReport r = base();
  r.messageId = "rpt-2026-000124";
  r.kind = ReportKind::Pooled;
  r.specimen.tube = "T1POOL0001";
  r.specimen.pooledSize = n;
  for (int i = 0; i < n; ++i) {
    Person p;
    p.idNumber = residentId("440524", "1980010" + std::to_string(1 + i % 9), 10 + i);
    p.name = "李" + std::string(i % 2 ? "四" : "五") + std::to_string(i);
    p.phone = "1390000" + std::to_string(1000 + i);
    r.persons.push_back(p);
  }
  return r;
}

PositiveReport environmentReport() {
  PositiveReport r = base();
  r.messageId = "rpt-2026-000125";
  r.kind = ReportKind::Environment;
  r.specimen.tube = "TENV000001";
  r.specimen.description = "冷链进口冻虾外包装 cold-chain shrimp packaging";
  r.specimen.location = "演示镇冷库 3号库";
  r.specimen.typeCode = "257261003";
  r.specimen.typeText = "Swab";
  return r;
}

}  // namespace natlims::reporting::test
