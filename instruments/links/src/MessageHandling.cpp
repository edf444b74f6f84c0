#include "MessageHandling.h"

#include <exception>

#include "natlims/links/AstmMessage.h"
#include "natlims/links/AstmResultMapper.h"
#include "natlims/links/Hl7Ack.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/links/Hl7ResultMapper.h"

namespace natlims::links {

namespace {

std::string joinProblems(const std::vector<std::string>& problems) {
  constexpr std::size_t kShown = 10;
  std::string out;
  for (std::size_t i = 0; i < problems.size() && i < kShown; ++i) {
    if (i) out += "; ";
    out += problems[i];
  }
  if (problems.size() > kShown) out += "; and " + std::to_string(problems.size() - kShown) + " more";
  return out;
}

StoreOutcome storeSafely(RunSink& sink, const RunDocument& run) {
  try {
    return sink.store(run);
  } catch (const std::exception& e) {
    return StoreOutcome::unavailable(std::string("store failed: ") + e.what());
  } catch (...) {
    return StoreOutcome::unavailable("store failed");
  }
}

std::string describe(const RunDocument& run) {
  return "message " + run.runId + " from " + run.instrument + " (" + std::to_string(run.wells.size()) + " results)";
}

}  // namespace

StoreOutcome::Kind handleAstmMessage(const std::vector<std::string>& records, RunSink& sink, const LogSink& log,
                                     const std::string& peer) {
  const std::string who = "astm " + peer + ": ";
  const auto parsed = parseAstmMessage(records);
  if (!parsed.message) {
    log(LogLevel::Error, who + "message REFUSED, nothing stored: " + parsed.error);
    return StoreOutcome::Kind::Refused;
  }
  const auto mapped = mapAstmMessage(*parsed.message);
  if (!mapped.ok()) {
    log(LogLevel::Error, who + "message " + mapped.run.runId + " from " + mapped.run.instrument +
                             " REFUSED, nothing stored: " + joinProblems(mapped.problems));
    return StoreOutcome::Kind::Refused;
  }
  const auto outcome = storeSafely(sink, mapped.run);
  switch (outcome.kind) {
    case StoreOutcome::Kind::Stored:
      log(LogLevel::Info, who + describe(mapped.run) + " stored as run " + outcome.runId);
      break;
    case StoreOutcome::Kind::Refused:
      log(LogLevel::Error, who + describe(mapped.run) + " REFUSED by the server (HTTP " +
                               std::to_string(outcome.httpStatus) + "): " + outcome.reason +
                               "; acknowledged to the instrument, nothing stored: resolve and resend");
      break;
    case StoreOutcome::Kind::Unavailable:
      log(LogLevel::Warning, who + describe(mapped.run) + " not stored yet: " + outcome.reason +
                                 "; its last frame is NAKed so that the instrument sends it again");
      break;
  }
  return outcome.kind;
}

std::string handleHl7Message(const std::string& text, const Hl7Options& options, RunSink& sink, const LogSink& log,
                             const std::string& peer) {
  const std::string who = "hl7 " + peer + ": ";
  const auto parsed = Hl7Message::parse(text);
  if (!parsed.message) {
    log(LogLevel::Error, who + "message rejected (AR): " + parsed.error);
    return buildHl7AckWithoutMessage({"AR", parsed.error, "100"});
  }
  const Hl7Message& message = *parsed.message;
  const auto mapping = mapHl7Message(message, options.acceptedProcessingIds);
  const auto& run = mapping.mapped.run;
  if (mapping.verdict == Hl7Mapping::Verdict::Reject) {
    const auto why = joinProblems(mapping.mapped.problems);
    log(LogLevel::Error, who + "message " + run.runId + " rejected (AR): " + why);
    return buildHl7Ack(message, {"AR", why, mapping.errorCode});
  }
  if (mapping.verdict == Hl7Mapping::Verdict::Error) {
    const auto why = joinProblems(mapping.mapped.problems);
    log(LogLevel::Error, who + "message " + run.runId + " from " + run.instrument + " REFUSED (AE), nothing stored: " + why);
    return buildHl7Ack(message, {"AE", why, mapping.errorCode});
  }
  const auto outcome = storeSafely(sink, run);
  switch (outcome.kind) {
    case StoreOutcome::Kind::Stored:
      log(LogLevel::Info, who + describe(run) + " stored as run " + outcome.runId + " (AA)");
      return buildHl7Ack(message, {"AA", {}, {}});
    case StoreOutcome::Kind::Refused:
      log(LogLevel::Error, who + describe(run) + " REFUSED by the server (HTTP " + std::to_string(outcome.httpStatus) +
                               ", AE): " + outcome.reason);
      return buildHl7Ack(message, {"AE", "refused by the LIMS: " + outcome.reason, "207"});
    case StoreOutcome::Kind::Unavailable:
      break;
  }
  log(LogLevel::Warning, who + describe(run) + " not stored (AR, the sender may send it again): " + outcome.reason);
  return buildHl7Ack(message, {"AR", "LIMS unavailable, send again later: " + outcome.reason, "207"});
}

std::string rejectHl7Block(const std::string& head, const std::string& reason, const LogSink& log,
                           const std::string& peer) {
  log(LogLevel::Error, "hl7 " + peer + ": block rejected (AR): " + reason);
  const auto parsed = Hl7Message::parse(head);
  if (parsed.message) return buildHl7Ack(*parsed.message, {"AR", reason, "100"});
  return buildHl7AckWithoutMessage({"AR", reason, "100"});
}

}  // namespace natlims::links
