#include "RemedyFinder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace natlims::planner {

namespace {

constexpr int kSamplingRounds = 8;
constexpr int kTransportRounds = 6;
constexpr double kMinPickupMinutes = 5;

bool feasible(const CoreResult& core, const Scenario& s) { return core.completion <= s.deadlineMinutes() + 1e-6; }

double maxLateness(const CoreResult& core, double deadline) {
  double late = 0;
  for (const double t : core.siteLastResult) late = std::max(late, t - deadline);
  return late;
}

std::string number(double v) {
  std::ostringstream out;
  if (std::fabs(v - std::round(v)) < 1e-9) out << static_cast<long long>(std::llround(v));
  else out << v;
  return out.str();
}

// "add 40 tables at site P3" / "add 120 tables at 3 sites (P1 +40, P2 +50, P3 +30)".
std::string describeAdds(const std::vector<RemedyChange>& changes, RemedyChange::Kind kind, const char* noun,
                         const char* nounOne, const char* where) {
  std::vector<const RemedyChange*> list;
  double total = 0;
  for (const auto& c : changes)
    if (c.kind == kind) {
      list.push_back(&c);
      total += c.to - c.from;
    }
  if (list.empty()) return "";
  std::ostringstream out;
  out << "add " << number(total) << ' ' << (total == 1 ? nounOne : noun);
  if (list.size() == 1) {
    out << " at " << where << ' ' << list[0]->target;
  } else {
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->to - a->from > b->to - b->from; });
    out << " at " << list.size() << ' ' << where << "s (";
    for (std::size_t i = 0; i < list.size() && i < 3; ++i)
      out << (i ? ", " : "") << list[i]->target << " +" << number(list[i]->to - list[i]->from);
    if (list.size() > 3) out << ", ...";
    out << ')';
  }
  return out.str();
}

std::string describePickups(const std::vector<RemedyChange>& changes) {
  std::vector<const RemedyChange*> list;
  for (const auto& c : changes)
    if (c.kind == RemedyChange::Kind::PickupEveryMinutes) list.push_back(&c);
  if (list.empty()) return "";
  std::ostringstream out;
  if (list.size() == 1) {
    out << "pick up every " << number(list[0]->to) << " min at site " << list[0]->target << " (now "
        << number(list[0]->from) << ')';
  } else {
    out << "pick up more often at " << list.size() << " sites (";
    for (std::size_t i = 0; i < list.size() && i < 3; ++i)
      out << (i ? ", " : "") << list[i]->target << " every " << number(list[i]->to) << " min";
    if (list.size() > 3) out << ", ...";
    out << ')';
  }
  return out.str();
}

std::string describe(const std::vector<RemedyChange>& changes) {
  std::vector<std::string> parts;
  for (auto text : {describeAdds(changes, RemedyChange::Kind::Tables, "tables", "table", "site"),
                    describePickups(changes),
                    describeAdds(changes, RemedyChange::Kind::Instruments, "instruments", "instrument", "lab"),
                    describeAdds(changes, RemedyChange::Kind::Reviewers, "reviewers", "reviewer", "lab")})
    if (!text.empty()) parts.push_back(text);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? (i + 1 == parts.size() ? " and " : ", ") : "") + parts[i];
  return out;
}

// The changes that turn `from` into `to` (the finder changes tables, pickups, instruments and
// reviewers only).
std::vector<RemedyChange> diff(const Scenario& from, const Scenario& to) {
  std::vector<RemedyChange> changes;
  for (std::size_t i = 0; i < from.sites.size(); ++i) {
    const auto& a = from.sites[i];
    const auto& b = to.sites[i];
    if (a.tables != b.tables) changes.push_back({RemedyChange::Kind::Tables, a.id, double(a.tables), double(b.tables)});
    if (a.pickupEveryMinutes != b.pickupEveryMinutes)
      changes.push_back({RemedyChange::Kind::PickupEveryMinutes, a.id, a.pickupEveryMinutes, b.pickupEveryMinutes});
  }
  for (std::size_t i = 0; i < from.labs.size(); ++i) {
    const auto& a = from.labs[i];
    const auto& b = to.labs[i];
    if (a.instruments != b.instruments)
      changes.push_back({RemedyChange::Kind::Instruments, a.id, double(a.instruments), double(b.instruments)});
    if (a.effectiveReviewers() != b.effectiveReviewers() && b.reviewers > 0)
      changes.push_back({RemedyChange::Kind::Reviewers, a.id, double(a.effectiveReviewers()), double(b.reviewers)});
  }
  return changes;
}

}  // namespace

RemedyFinder::RemedyFinder(const Scenario& scenario, const ScenarioIndex& index, const CoreResult& core)
    : _scenario(scenario), _index(index), _core(core) {}

double RemedyFinder::reportMax(const std::vector<PlateRecord>& plates, double reportMinutes) {
  double worst = 0;
  for (const auto& p : plates) worst = std::max(worst, p.positiveWait + (p.releasedAt - p.reviewStart) + reportMinutes);
  return worst;
}

Remedy RemedyFinder::finish(const std::string& stage, const Scenario& changed) const {
  Remedy r;
  r.stage = stage;
  r.changes = diff(_scenario, changed);
  r.text = describe(r.changes);
  const CoreResult core = PlanCore::run(changed, _index);
  r.completionMinutes = core.completion;
  for (const auto& lab : core.labs)
    r.reportMaxMinutes = std::max(r.reportMaxMinutes, reportMax(lab.plates, changed.reportMinutes));
  return r;
}

bool RemedyFinder::addTables(Scenario& s, const CoreResult& core, double extraMinutes) const {
  bool changed = false;
  const double d = deadline();
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const double late = core.siteLastResult[i] - d;
    if (late <= 0) continue;
    const SiteSchedule& schedule = core.schedules[i];
    // Finish sampling earlier by the lateness; the open minutes before that must hold everyone.
    const double target = schedule.end() - late - extraMinutes;
    const double open = target > 0 ? core.siteHours[i].openBefore(target) : 0;
    if (open <= 1e-9) continue;
    Site& site = s.sites[i];
    const double needed = static_cast<double>(schedule.people()) / open * 60.0 / site.perTablePerHour;
    const int tables = std::max(site.tables + 1, static_cast<int>(std::ceil(needed - 1e-9)));
    if (tables > 1'000'000) continue;
    site.tables = tables;
    changed = true;
  }
  return changed;
}

std::optional<Remedy> RemedyFinder::sampling() const {
  Scenario s = _scenario;
  double lastLate = maxLateness(_core, deadline());
  const CoreResult* core = &_core;
  CoreResult current;
  bool ok = false;
  for (int round = 0; round < kSamplingRounds; ++round) {
    if (!addTables(s, *core, 1.0)) break;
    current = PlanCore::run(s, _index);
    core = &current;
    if (feasible(current, s)) {
      ok = true;
      break;
    }
    const double late = maxLateness(current, deadline());
    if (late > 0.9 * lastLate) break;  // more tables hardly help: the delay is elsewhere
    lastLate = late;
  }
  if (!ok) return std::nullopt;
  return finish("sampling", trimTables(s));
}

Scenario RemedyFinder::trimTables(const Scenario& s) const {
  // The smallest share of the added tables (everything else as in `s`) that still meets the
  // deadline.
  double lo = 0, hi = 1;
  Scenario best = s;
  for (int step = 0; step < 5; ++step) {
    const double mid = (lo + hi) / 2;
    Scenario trial = s;
    for (std::size_t i = 0; i < trial.sites.size(); ++i) {
      const int added = s.sites[i].tables - _scenario.sites[i].tables;
      trial.sites[i].tables = _scenario.sites[i].tables + static_cast<int>(std::ceil(added * mid));
    }
    if (feasible(PlanCore::run(trial, _index), trial)) {
      hi = mid;
      best = trial;
    } else {
      lo = mid;
    }
  }
  return best;
}

std::optional<Remedy> RemedyFinder::transport() const {
  Scenario s = _scenario;
  const CoreResult* core = &_core;
  CoreResult current;
  double lastLate = maxLateness(_core, deadline());
  for (int round = 0; round < kTransportRounds; ++round) {
    bool changed = false;
    for (std::size_t i = 0; i < s.sites.size(); ++i) {
      if (core->siteLastResult[i] <= deadline()) continue;
      double& every = s.sites[i].pickupEveryMinutes;
      const double next = std::max(kMinPickupMinutes, std::floor(every / 2));
      if (next < every) {
        every = next;
        changed = true;
      }
    }
    if (!changed) return std::nullopt;
    current = PlanCore::run(s, _index);
    core = &current;
    if (feasible(current, s)) return finish("transport", s);
    const double late = maxLateness(current, deadline());
    if (late > 0.9 * lastLate) return std::nullopt;
    lastLate = late;
  }
  return std::nullopt;
}

std::optional<std::vector<RemedyChange>> RemedyFinder::labChanges(const Scenario& s, const CoreResult& core) const {
  std::vector<RemedyChange> changes;
  const double d = deadline();
  for (std::size_t l = 0; l < s.labs.size(); ++l) {
    if (core.labs[l].tally.lastRoutineRelease <= d) continue;
    const Lab& lab = s.labs[l];
    const int lo0 = lab.instruments;
    const int plates = static_cast<int>(core.labs[l].plates.size());
    const int unlimitedReviewers = plates + lab.effectiveReviewers() + 1;
    const auto meets = [&](int instruments, int reviewers) {
      return PlanCore::replayLab(s, core, static_cast<int>(l), instruments, reviewers).lastRoutineRelease <= d + 1e-6;
    };
    const int most = lo0 + plates + 1;
    // The fewest instruments with the reviewers the lab would have (its own, or one per four
    // instruments); only when reviewers limit too, the fewest of both.
    const auto reviewersFor = [&](int instruments) {
      Lab changed = lab;
      changed.instruments = instruments;
      return changed.effectiveReviewers();
    };
    // lo fails, hi meets. Additions are usually small: gallop up from lo, then bisect.
    const auto fewest = [](int lo, int hi, const auto& ok) {
      for (int step = 1; lo + step < hi; step *= 2) {
        if (ok(lo + step)) {
          hi = lo + step;
          break;
        }
        lo += step;
      }
      while (hi - lo > 1) {
        const int mid = lo + (hi - lo) / 2;
        (ok(mid) ? hi : lo) = mid;
      }
      return hi;
    };
    if (meets(lo0, unlimitedReviewers)) {  // its instruments suffice: reviewers are short
      const int reviewers =
          fewest(lab.effectiveReviewers(), unlimitedReviewers, [&](int r) { return meets(lo0, r); });
      changes.push_back({RemedyChange::Kind::Reviewers, lab.id, double(lab.effectiveReviewers()), double(reviewers)});
      continue;
    }
    if (meets(most, reviewersFor(most))) {
      const int instruments = fewest(lo0, most, [&](int i) { return meets(i, reviewersFor(i)); });
      changes.push_back({RemedyChange::Kind::Instruments, lab.id, double(lab.instruments), double(instruments)});
      continue;
    }
    if (!meets(most, unlimitedReviewers)) return std::nullopt;  // arrivals too late for any lab
    const int instruments = fewest(lo0, most, [&](int i) { return meets(i, unlimitedReviewers); });
    const int reviewers =
        fewest(reviewersFor(instruments), unlimitedReviewers, [&](int r) { return meets(instruments, r); });
    changes.push_back({RemedyChange::Kind::Instruments, lab.id, double(lab.instruments), double(instruments)});
    changes.push_back({RemedyChange::Kind::Reviewers, lab.id, double(lab.effectiveReviewers()), double(reviewers)});
  }
  return changes;
}

std::optional<Remedy> RemedyFinder::lab() const {
  const auto changes = labChanges(_scenario, _core);
  if (!changes || changes->empty()) return std::nullopt;
  Remedy r;
  r.changes = *changes;
  const Scenario s = applyRemedy(_scenario, r);
  if (!feasible(PlanCore::run(s, _index), s)) return std::nullopt;
  return finish("lab", s);
}

std::optional<Remedy> RemedyFinder::combined() const {
  Scenario s = _scenario;
  CoreResult core = PlanCore::run(s, _index);
  for (int round = 0; round < 3; ++round) {
    // Sampling early enough for the lab's own latency, then pickups, then the labs.
    double downstream = 0;
    for (const auto& lab : s.labs)
      downstream = std::max(downstream, lab.extractionMinutes + lab.runMinutes + s.reviewMinutes + s.plateFillWaitMinutes);
    if (addTables(s, core, downstream)) core = PlanCore::run(s, _index);
    if (feasible(core, s)) return finish("combined", trimTables(s));
    for (std::size_t i = 0; i < s.sites.size(); ++i)
      if (core.siteLastResult[i] > deadline() && s.sites[i].tubesPerPickup > 0)
        s.sites[i].pickupEveryMinutes = std::max(kMinPickupMinutes, std::floor(s.sites[i].pickupEveryMinutes / 2));
    core = PlanCore::run(s, _index);
    if (feasible(core, s)) return finish("combined", s);
    if (const auto changes = labChanges(s, core)) {
      Remedy r;
      r.changes = *changes;
      s = applyRemedy(s, r);
      core = PlanCore::run(s, _index);
      if (feasible(core, s)) return finish("combined", trimTables(s));
    }
  }
  return std::nullopt;
}

std::optional<Remedy> RemedyFinder::reportSla() const {
  const double sla = _scenario.reportSlaMinutes;
  Scenario s = _scenario;
  bool changed = false;
  for (std::size_t l = 0; l < s.labs.size(); ++l) {
    if (reportMax(_core.labs[l].plates, s.reportMinutes) <= sla) continue;
    Lab& lab = s.labs[l];
    const int plates = static_cast<int>(_core.labs[l].plates.size());
    const auto meets = [&](int reviewers) {
      std::vector<PlateRecord> replayed;
      PlanCore::replayLab(s, _core, static_cast<int>(l), lab.instruments, reviewers, &replayed);
      return reportMax(replayed, s.reportMinutes) <= sla;
    };
    const int most = lab.effectiveReviewers() + plates + 1;
    if (!meets(most)) return std::nullopt;  // review and report alone, or closed hours, exceed it
    int lo = lab.effectiveReviewers(), hi = most;
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      (meets(mid) ? hi : lo) = mid;
    }
    lab.reviewers = hi;
    changed = true;
  }
  if (!changed) return std::nullopt;
  return finish("lab", s);
}

}  // namespace natlims::planner
