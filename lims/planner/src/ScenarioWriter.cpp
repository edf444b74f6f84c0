#include "natlims/planner/ScenarioWriter.h"

#include "JsonWriter.h"

namespace natlims::planner {

namespace {

void writeOpen(JsonWriter& w, const std::vector<OpenInterval>& open) {
  w.beginArray();
  for (const auto& o : open) w.beginArray().number(o.from, 4).number(o.to, 4).endArray();
  w.endArray();
}

}  // namespace

std::string ScenarioWriter::write(const Scenario& s) {
  JsonWriter w;
  w.beginObject();
  w.key("name").value(s.name);
  w.key("start").value(s.start);
  w.key("deadline_hours").number(s.deadlineHours, 4);
  w.key("report_sla_minutes").number(s.reportSlaMinutes, 4);
  w.key("prevalence").number(s.prevalence, 8);
  w.key("pool_size").value(s.poolSize);
  w.key("review_minutes").number(s.reviewMinutes, 4);
  w.key("report_minutes").number(s.reportMinutes, 4);
  w.key("recall_minutes").number(s.recallMinutes, 4);
  w.key("plate_fill_wait_minutes").number(s.plateFillWaitMinutes, 4);
  w.key("priority_groups").beginArray();
  for (const auto& g : s.priorityGroups) w.beginObject().key("name").value(g.name).key("pool_size").value(g.poolSize).endObject();
  w.endArray();
  w.key("grid_units").beginArray();
  for (const auto& u : s.gridUnits) {
    w.beginObject();
    w.key("path").value(u.path);
    w.key("population").value(u.population);
    w.key("site").value(u.site);
    if (u.poolSize > 0) w.key("pool_size").value(u.poolSize);
    bool any = false;
    for (auto n : u.groupPeople) any = any || n > 0;
    if (any) {
      w.key("groups").beginObject();
      for (std::size_t g = 0; g < u.groupPeople.size() && g < s.priorityGroups.size(); ++g)
        if (u.groupPeople[g] > 0) w.key(s.priorityGroups[g].name).value(u.groupPeople[g]);
      w.endObject();
    }
    w.endObject();
  }
  w.endArray();
  w.key("sites").beginArray();
  for (const auto& site : s.sites) {
    w.beginObject();
    w.key("id").value(site.id);
    w.key("tables").value(site.tables);
    w.key("per_table_per_hour").number(site.perTablePerHour, 4);
    w.key("open");
    writeOpen(w, site.open);
    w.key("lab").value(site.lab);
    w.key("pickup_every_minutes").number(site.pickupEveryMinutes, 4);
    w.key("transport_minutes").number(site.transportMinutes, 4);
    if (site.tubesPerPickup > 0) w.key("tubes_per_pickup").value(site.tubesPerPickup);
    w.endObject();
  }
  w.endArray();
  w.key("labs").beginArray();
  for (const auto& lab : s.labs) {
    w.beginObject();
    w.key("id").value(lab.id);
    w.key("instruments").value(lab.instruments);
    w.key("wells").value(lab.wells);
    w.key("controls").value(lab.controls);
    w.key("run_minutes").number(lab.runMinutes, 4);
    w.key("extraction_minutes").number(lab.extractionMinutes, 4);
    w.key("open");
    writeOpen(w, lab.open);
    if (lab.reviewers > 0) w.key("reviewers").value(lab.reviewers);
    if (lab.reviewMinutes >= 0) w.key("review_minutes").number(lab.reviewMinutes, 4);
    w.endObject();
  }
  w.endArray();
  w.key("simulation").beginObject();
  w.key("service_cv").number(s.simulation.serviceCv, 4);
  w.key("transport_cv").number(s.simulation.transportCv, 4);
  w.key("duration_spread").number(s.simulation.durationSpread, 4);
  w.key("recall_cv").number(s.simulation.recallCv, 4);
  w.endObject();
  w.endObject();
  return w.str();
}

}  // namespace natlims::planner
