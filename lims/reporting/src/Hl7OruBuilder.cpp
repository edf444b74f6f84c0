#include "natlims/reporting/Hl7OruBuilder.h"

#include <cctype>
#include <cstdio>

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include "Hl7Fields.h"
#include "ResultCoding.h"
#include "TimeFormat.h"
#include "natlims/reporting/Hl7Escape.h"

namespace natlims::reporting {

namespace {

using detail::Hl7SegmentWriter;
using detail::hl7Components;

std::string_view sexCode(Sex sex) {
  switch (sex) {
    case Sex::Male: return "M";
    case Sex::Female: return "F";
    case Sex::Unknown: return "U";
  }
  return "U";
}

std::string ctText(double ct) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", ct);
  return buf;
}

// What the message is about, written where the receiver's staff read: pooled and environment
// specimens and corrections explain themselves.
std::vector<std::string> notes(const PositiveReport& report) {
  std::vector<std::string> out;
  if (report.kind == ReportKind::Pooled)
    out.push_back("Pooled specimen: " + std::to_string(report.specimen.pooledSize) + " people in tube " +
                  report.specimen.tube +
                  "; the result is the tube's. Each person is pool_positive until re-sampled in a single tube.");
  if (report.kind == ReportKind::Environment)
    out.push_back("Environment sample: " + report.specimen.description + " at " + report.specimen.location);
  if (report.isCorrection())
    out.push_back("Correction (version " + std::to_string(report.version) + "): " + report.correctionReason);
  return out;
}

class OruWriter {
 public:
  OruWriter(const PositiveReport& report, const Hl7Options& options) : _r(report), _o(options) {
    _status = report.isCorrection() ? "C" : "F";
    _versionTime = detail::hl7Time(report.versionTime(), options.utcOffsetMinutes);
  }

  std::string message() {
    msh();
    if (_r.persons.empty()) {
      orderGroup();
    } else {
      for (std::size_t i = 0; i < _r.persons.size(); ++i) {
        pid(i + 1, _r.persons[i]);
        orderGroup();
      }
    }
    return _out;
  }

 private:
  void add(const Hl7SegmentWriter& segment) {
    _out += segment.str();
    _out.push_back('\r');
  }

  void msh() {
    // Field n of this writer is MSH-(n+1): MSH-1 is the separator itself.
    Hl7SegmentWriter s("MSH");
    const std::string& facility = _o.sendingFacility.empty() ? _r.specimen.labName : _o.sendingFacility;
    s.raw(1, "^~\\&")
        .text(2, _o.sendingApplication)
        .text(3, facility)
        .text(4, _o.receivingApplication)
        .text(5, _o.receivingFacility)
        .raw(6, _versionTime)
        .raw(8, "ORU^R01^ORU_R01")
        .raw(9, hl7ControlId(_r.messageId, _r.version))
        .text(10, _o.processingId)
        .raw(11, "2.5.1")
        .raw(16, "CHN")
        .raw(17, "UNICODE UTF-8");
    add(s);
  }

  void pid(std::size_t setId, const Person& p) {
    const PersonFacts facts = personFacts(p);
    const std::string number = domain::validateIdDocument(p.idType, p.idNumber, p.nationality).normalized;
    Hl7SegmentWriter s("PID");
    s.raw(1, std::to_string(setId))
        .raw(3, hl7Components({number, "", "", p.nationality, detail::identifierTypeCode(p.idType)}))
        .raw(5, hl7Components({p.name, "", "", "", "", "", "L"}))
        .raw(7, facts.birthDate ? detail::hl7Date(*facts.birthDate) : std::string())
        .raw(8, std::string(sexCode(facts.sex)))
        .raw(28, hl7Components({p.nationality, "", "ISO3166_1"}));
    if (!p.phone.empty())
      s.raw(13, hl7Components({"", "PRN", "CP", "", "", "", "", "", "", "", "", p.phone}));
    add(s);
  }

  void orderGroup() {
    const std::string app = _o.sendingApplication;
    Hl7SegmentWriter orc("ORC");
    orc.raw(1, "RE")
        .raw(2, hl7Components({_r.messageId, app}))
        .raw(3, hl7Components({_r.specimen.tube, app}))
        .raw(5, "CM")
        .raw(9, _versionTime);
    add(orc);

    Hl7SegmentWriter obr("OBR");
    obr.raw(1, "1")
        .raw(2, hl7Components({_r.messageId, app}))
        .raw(3, hl7Components({_r.specimen.tube, app}))
        .raw(4, hl7Components({_r.resultLoinc, detail::resultText(), "LN"}))
        .raw(7, detail::hl7Time(_r.specimen.collectedAt, _o.utcOffsetMinutes))
        .raw(22, _versionTime)
        .raw(25, _status)
        .text(32, _r.releasedBy);
    add(obr);

    std::size_t nteId = 0;
    for (const std::string& note : notes(_r)) {
      Hl7SegmentWriter nte("NTE");
      nte.raw(1, std::to_string(++nteId)).raw(2, "L").text(3, note);
      add(nte);
    }

    std::size_t obxId = 0;
    const detail::Coded overall = detail::resultCoding(_r.call);
    obx(++obxId, "CWE", hl7Components({_r.resultLoinc, detail::resultText(), "LN"}), "1",
        hl7Components({overall.code, overall.display, "SCT"}), detail::abnormalFlag(_r.call));
    for (std::size_t t = 0; t < _r.targets.size(); ++t) {
      const TargetResult& target = _r.targets[t];
      const std::string subId = std::to_string(t + 2);
      const detail::Coded ctCode = detail::targetCtCode(target);
      if (target.ct)
        obx(++obxId, "NM", hl7Components({ctCode.code, ctCode.display, ctCode.system}), subId, ctText(*target.ct), "");
      else
        obx(++obxId, "ST", hl7Components({ctCode.code, ctCode.display, ctCode.system}), subId, "undetermined", "");
      const detail::Coded presenceCode = detail::targetPresenceCode(target);
      const detail::Coded presence = detail::targetCoding(target.call);
      obx(++obxId, "CWE", hl7Components({presenceCode.code, presenceCode.display, presenceCode.system}), subId,
          hl7Components({presence.code, presence.display, "SCT"}), "");
    }

    Hl7SegmentWriter spm("SPM");
    spm.raw(1, "1")
        .raw(4, hl7Components({_r.specimen.typeCode, _r.specimen.typeText, "SCT"}))
        .raw(17, detail::hl7Time(_r.specimen.collectedAt, _o.utcOffsetMinutes))
        .raw(18, detail::hl7Time(_r.specimen.receivedAt, _o.utcOffsetMinutes));
    // SPM-2 is an EIP whose placer part is an EI: the tube code and our namespace as
    // subcomponents, each escaped on its own.
    spm.raw(2, hl7Escape(_r.specimen.tube) + "&" + hl7Escape(app));
    if (_r.kind == ReportKind::Pooled) spm.raw(13, std::to_string(_r.specimen.pooledSize));
    if (_r.kind == ReportKind::Environment)
      spm.text(14, _r.specimen.description + " at " + _r.specimen.location);
    add(spm);
  }

  void obx(std::size_t setId, const char* type, std::string code, const std::string& subId, std::string value,
           std::string_view flag) {
    Hl7SegmentWriter s("OBX");
    s.raw(1, std::to_string(setId))
        .raw(2, type)
        .raw(3, std::move(code))
        .raw(4, subId)
        .raw(5, std::move(value))
        .raw(8, std::string(flag))
        .raw(11, _status)
        .raw(14, detail::hl7Time(_r.specimen.collectedAt, _o.utcOffsetMinutes))
        .text(16, _r.releasedBy)
        .raw(17, hl7Components({_r.kitId, "kit " + _r.kitId + " version " + _r.kitVersion, "L"}))
        .raw(23, hl7Components({_r.specimen.labName, "", "", "", "", "", "", "", "", _r.specimen.labId}));
    add(s);
  }

  const PositiveReport& _r;
  const Hl7Options& _o;
  std::string _status;
  std::string _versionTime;
  std::string _out;
};

}  // namespace

std::string hl7ControlId(std::string_view messageId, int version) {
  Poco::SHA1Engine sha1;
  sha1.update(messageId.data(), static_cast<unsigned>(messageId.size()));
  std::string hex = Poco::DigestEngine::digestToHex(sha1.digest()).substr(0, 16);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex + "V" + std::to_string(version);
}

std::string buildOruR01(const PositiveReport& report, const Hl7Options& options) {
  validateReport(report);
  return OruWriter(report, options).message();
}

}  // namespace natlims::reporting
