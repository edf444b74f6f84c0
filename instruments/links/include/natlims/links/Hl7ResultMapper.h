#pragma once

#include <string>

#include "natlims/links/Hl7Message.h"
#include "natlims/links/MappedRun.h"

namespace natlims::links {

/// An HL7 message turned into a run document (docs/links.md "HL7 mapping").
struct Hl7Mapping {
  enum class Verdict {
    Accept,       // mapped.ok(): store it
    Reject,       // AR: the message cannot be processed (type, processing ID, structure)
    Error,        // AE: processed, but its content is refused (mapped.problems say why)
  };
  Verdict verdict = Verdict::Accept;
  std::string errorCode;  // HL7 table 0357 code for the ERR segment (e.g. "200", "207")
  MappedRun mapped;
};

/// Maps ORU^R01 and OUL^R22 (any v2.x):
/// - instrument: MSH-3 (sending application, first component), else MSH-4; run id: MSH-10;
/// - the sample of each OBR group: SPM-2 (placer, else filler identifier), else SAC-3 (container),
///   else OBR-3, else OBR-2; a tube code or a control name (classifySample); a well from SAC-11
///   or SAC-14 (OUL^R22 LAW positions) when it is one;
/// - each OBX under an OBR with a Ct gives one result: OBX-2 NM (unless OBX-6 names units that
///   are not cycles), or SN, ST, CWE, CE, TX whose observation (OBX-3 or OBX-6) speaks of Ct/Cq/
///   cycle threshold; the target is OBX-3.1, or for LOINC (OBX-3.3 "LN") the alternate identifier
///   OBX-3.4 when given (else the LOINC code, which the kit file maps); a dye when a component of
///   OBX-3 or OBX-17 is one; qualitative observations are skipped and counted;
/// - PID and other person segments are never read.
/// `acceptedProcessingIds` lists the MSH-11 values taken (default "P": production).
Hl7Mapping mapHl7Message(const Hl7Message& message, const std::string& acceptedProcessingIds = "P");

}  // namespace natlims::links
