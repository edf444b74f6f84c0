#include "OutputLines.h"

#include "JsonText.h"

namespace natlims::station {

std::string outcomeLine(std::size_t lineNo, const Outcome& o) {
  JsonText j;
  j.field("line", static_cast<std::int64_t>(lineNo)).field("status", outcomeStatusName(o.status)).field("code", o.code);
  if (!o.tube.empty()) j.field("tube", o.tube);
  if (!o.box.empty()) j.field("box", o.box);
  if (!o.tube.empty() || !o.box.empty()) j.field("count", o.count);
  if (!o.tube.empty()) j.field("pool", o.pool);
  if (!o.seqs.empty()) j.intArray("seq", o.seqs);
  j.field("message", o.message);
  return j.str();
}

std::string noticeLine(const Notice& n) {
  return JsonText()
      .field("event", n.kind == "print" ? "print_failed" : "refused")
      .field("seq", n.seq)
      .field("kind", n.kind)
      .field("code", n.code)
      .field("message", n.message)
      .field("advice", n.advice)
      .str();
}

}  // namespace natlims::station
