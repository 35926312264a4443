#include "arshjul/engine/organization_changes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::engine {
namespace {

using nlohmann::json;

class Builder {
 public:
  Builder(OrganizationDiff& diff, const storage::Actor& actor, const std::string& prefix)
      : diff_(diff), actor_(actor), prefix_(prefix) {}
  void Add(const char* name, const json& payload, std::optional<Date> effective = std::nullopt) {
    Command c;
    c.name = name;
    if (effective) c.effective_at = LocalToUtc(*effective, 0, 0);
    c.command_id = prefix_ + "/" + std::to_string(diff_.commands.size());
    c.actor = actor_;
    c.payload_json = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // never throws
    diff_.commands.push_back(std::move(c));
  }

 private:
  OrganizationDiff& diff_;
  const storage::Actor& actor_;
  const std::string& prefix_;
};

// When a new organ's facts became true (nullopt: the day they are recorded).
std::optional<Date> OrganFrom(const OrganizationDates& dates, const std::string& id) {
  auto it = dates.organ_from.find(id);
  return it != dates.organ_from.end() ? std::optional<Date>(it->second) : dates.valid_from;
}

// A meeting is a fact from its own date: ScheduleMeeting is effective on it.
void DiffMeetings(const Organ& cur, const Organ& want, Builder& b) {
  std::vector<Date> removed, added;
  std::set_difference(cur.meetings.begin(), cur.meetings.end(), want.meetings.begin(), want.meetings.end(),
                      std::back_inserter(removed));
  std::set_difference(want.meetings.begin(), want.meetings.end(), cur.meetings.begin(), cur.meetings.end(),
                      std::back_inserter(added));
  // A removed and an added date within a month of each other is a moved meeting.
  for (auto r = removed.begin(); r != removed.end();) {
    auto near = std::find_if(added.begin(), added.end(), [&](const Date& a) {
      auto gap = std::chrono::sys_days(a) - std::chrono::sys_days(*r);
      return gap <= std::chrono::days(31) && gap >= std::chrono::days(-31);
    });
    if (near == added.end()) {
      ++r;
      continue;
    }
    b.Add("MoveMeeting", {{"organ", want.id}, {"from", ToString(*r)}, {"to", ToString(*near)}});
    added.erase(near);
    r = removed.erase(r);
  }
  for (const Date& d : removed) b.Add("CancelMeeting", {{"organ", want.id}, {"date", ToString(d)}});
  for (const Date& d : added) {
    b.Add("ScheduleMeeting", {{"organ", want.id}, {"date", ToString(d)}}, d);
  }
}

bool SameHolding(const RoleHolding& a, const RoleHolding& b) {
  return a.person_id == b.person_id && a.role == b.role && a.organ == b.organ && a.from == b.from;
}

void DiffHoldings(const Organization& cur, const Organization& want, Builder& b, OrganizationDiff& diff) {
  for (const auto& h : want.holdings) {
    auto existing = std::find_if(cur.holdings.begin(), cur.holdings.end(), [&](const auto& c) { return SameHolding(c, h); });
    if (existing == cur.holdings.end()) {
      json p = {{"person", h.person_id}, {"role", h.role}, {"organ", h.organ}, {"from", ToString(h.from)}};
      if (h.to) p["to"] = ToString(*h.to);
      b.Add("AssignRole", p, h.from);
    } else if (existing->to != h.to) {
      if (h.to) {
        b.Add("EndRole", {{"person", h.person_id}, {"role", h.role}, {"organ", h.organ}, {"from", ToString(h.from)},
                          {"to", ToString(*h.to)}});
      } else {
        diff.warnings.push_back("rollinnehavet " + h.person_id + "/" + h.role + "/" + h.organ +
                                " har ett slutdatum som inte kan tas bort; registrera ett nytt innehav i stället");
      }
    }
  }
  for (const auto& c : cur.holdings) {
    bool kept = std::any_of(want.holdings.begin(), want.holdings.end(), [&](const auto& h) { return SameHolding(c, h); });
    if (!kept) {
      diff.warnings.push_back("rollinnehavet " + c.person_id + "/" + c.role + "/" + c.organ + " från " +
                              ToString(c.from) + " saknas i filen; historiken ändras inte (ange 'to' för att avsluta det)");
    }
  }
}

}  // namespace

OrganizationDiff DiffOrganization(const Organization& cur, const Organization& want, const storage::Actor& actor,
                                  const std::string& id_prefix, const OrganizationDates& dates) {
  OrganizationDiff diff;
  Builder b(diff, actor, id_prefix);
  // What is new is true from the file's dates; a change from the day it is recorded.
  auto when_new = [](bool is_new, std::optional<Date> from) { return is_new ? from : std::nullopt; };
  if (cur.municipality_id != want.municipality_id || cur.municipality_name != want.municipality_name) {
    b.Add("NameMunicipality", {{"id", want.municipality_id}, {"name", want.municipality_name}},
          when_new(cur.municipality_id.empty(), dates.valid_from));
  }
  // Organs first, in an order where every organ comes after the one it reports to.
  for (const auto& [id, o] : want.organs) {
    const Organ* existing = cur.FindOrgan(id);
    if (!existing || existing->name != o.name || existing->kind != o.kind || existing->reports_to != o.reports_to) {
      b.Add("DefineOrgan", {{"id", id}, {"name", o.name}, {"kind", OrganKindName(o.kind)}, {"reportsTo", o.reports_to}},
            when_new(!existing || existing->name.empty(), OrganFrom(dates, id)));
    }
  }
  for (const auto& [id, o] : cur.organs) {
    if (!want.organs.count(id)) diff.warnings.push_back("organet " + id + " saknas i filen men finns kvar i historiken");
  }
  for (const auto& [id, r] : want.roles) {
    auto existing = cur.roles.find(id);
    if (existing == cur.roles.end() || !(existing->second == r)) {
      b.Add("DefineRole", {{"id", id}, {"name", r.name}, {"superior", r.superior}},
            when_new(existing == cur.roles.end(), dates.valid_from));
    }
  }
  for (const auto& [id, p] : want.people) {
    auto existing = cur.people.find(id);
    if (existing == cur.people.end() || !(existing->second == p)) {
      b.Add("RegisterPerson", {{"id", id}, {"name", p.name}, {"email", p.email}},
            when_new(existing == cur.people.end(), dates.valid_from));
    }
  }
  DiffHoldings(cur, want, b, diff);
  for (const auto& [id, o] : want.organs) {
    const Organ* existing = cur.FindOrgan(id);
    DiffMeetings(existing ? *existing : Organ{id, "", o.kind, "", {}}, o, b);
  }
  for (const auto& [id, r] : want.rules) {
    auto existing = cur.rules.find(id);
    if (existing == cur.rules.end() || !(existing->second == r)) {
      json params = json::array();
      for (const auto& [k, v] : r.params) params.push_back({{"key", k}, {"value", v}});
      b.Add("ConfigureRule", {{"rule", id}, {"enabled", r.enabled}, {"params", params}},
            when_new(existing == cur.rules.end(), dates.valid_from));
    }
  }
  return diff;
}

}  // namespace arshjul::engine
