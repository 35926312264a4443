// Reading the organisation file: the sections in dependency order (organs,
// roles, people, rules — whatever their order in the file), each checked as it
// is read, with the cursors of cross-references kept for the checks that need
// a whole section.

#include "arshjul/workflows/organization_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "arshjul/engine/calendar.h"
#include "rule_settings.h"
#include "yaml_cursor.h"
#include "yaml_file.h"

namespace arshjul::workflows {
namespace {

using engine::Date;
using engine::Organization;
using engine::OrganKind;

// Where an organ's kind and reports_to were written.
struct OrganSource {
  std::string id;
  Cursor kind;
  Cursor reports_to;
};

std::string KindNames() {
  std::vector<std::string> names;
  for (OrganKind k : {OrganKind::kCouncil, OrganKind::kExecutiveBoard, OrganKind::kCommittee, OrganKind::kSubcommittee,
                      OrganKind::kCompany, OrganKind::kAdministration, OrganKind::kOperationalArea,
                      OrganKind::kOperation, OrganKind::kDepartment, OrganKind::kUnit})
    names.emplace_back(engine::OrganKindName(k));
  return JoinNames(names);
}

// "a → b → a" when following `link` from `start` leads back to it; "" when
// the chain ends (at an empty link). Every link must name an entry of `items`.
template <typename T>
std::string CycleFrom(const std::string& start, const std::map<std::string, T>& items, std::string T::*link) {
  std::string chain = start;
  std::string at = items.at(start).*link;
  for (std::size_t steps = 0; !at.empty() && steps < items.size(); ++steps) {
    chain += " → " + at;
    if (at == start) return chain;
    at = items.at(at).*link;
  }
  return "";
}

// local@domain.tld, ASCII, no spaces, no empty or dotted-edge parts.
bool LooksLikeEmail(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  auto dotted_ok = [](std::string_view part) {
    return !part.empty() && part.front() != '.' && part.back() != '.' && part.find("..") == std::string_view::npos;
  };
  if (!dotted_ok(local) || !dotted_ok(domain) || domain.find('.') == std::string_view::npos) return false;
  for (char c : local) {
    const bool ok =
        std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._%+-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  for (char c : domain)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  const std::string_view tld = domain.substr(domain.rfind('.') + 1);
  return tld.size() >= 2 &&
         std::all_of(tld.begin(), tld.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

Status ReadMunicipality(const Cursor& c, Organization& org) {
  if (!c.node().IsDefined()) return c.Error("fältet saknas");
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"id", "name"}));
  ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(c.Key("id")));
  ARSHJUL_ASSIGN_OR_RETURN(auto name, ReadText(c.Key("name")));
  org.municipality_id = id;
  org.municipality_name = name;
  return Status::Ok();
}

// `meetings:` — year → list of dates in that year, each date once.
Result<std::vector<Date>> ReadMeetings(const Cursor& c) {
  std::vector<Date> out;
  ARSHJUL_ASSIGN_OR_RETURN(auto years, MapEntries(c));
  for (const auto& [key, list] : years) {
    if (key.size() != 4 || !std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return list.Error("ogiltigt år '" + key + "' (väntade ÅÅÅÅ)");
    const int year = std::stoi(key);
    ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(list));
    for (const Cursor& item : items) {
      ARSHJUL_ASSIGN_OR_RETURN(auto date, ReadDate(item));
      if (static_cast<int>(date.year()) != year)
        return item.Error("sammanträdet " + engine::ToString(date) + " ligger inte år " + key);
      if (std::find(out.begin(), out.end(), date) != out.end())
        return item.Error("sammanträdet " + engine::ToString(date) + " står två gånger");
      out.push_back(date);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status ReadOrgan(const Cursor& c, Organization& org, std::vector<OrganSource>& sources,
                 std::map<std::string, std::string>& first_path, engine::OrganizationDates& dates) {
  if (!c.present()) return c.Error("väntade ett organ (id, name, kind …)");
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"id", "name", "kind", "reports_to", "meetings", "from", "chef"}));
  engine::Organ organ;
  ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(c.Key("id")));
  if (auto [it, fresh] = first_path.emplace(id, c.path()); !fresh)
    return c.Key("id").Error("id '" + id + "' används redan av " + it->second);
  organ.id = id;
  ARSHJUL_ASSIGN_OR_RETURN(auto name, ReadText(c.Key("name")));
  organ.name = name;
  const Cursor kind = c.Key("kind");
  ARSHJUL_ASSIGN_OR_RETURN(auto kind_text, ReadText(kind));
  auto parsed = engine::ParseOrganKind(kind_text);
  if (!parsed) return kind.Error("okänd organtyp '" + kind_text + "' (tillåtna: " + KindNames() + ")");
  organ.kind = *parsed;
  ARSHJUL_ASSIGN_OR_RETURN(auto meetings, ReadMeetings(c.Key("meetings")));
  organ.meetings = std::move(meetings);
  if (c.Key("from").present()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto from, ReadDate(c.Key("from")));
    dates.organ_from[organ.id] = from;
  }
  sources.push_back({organ.id, kind, c.Key("reports_to")});
  org.organs.emplace(organ.id, std::move(organ));
  return Status::Ok();
}

// Exactly one council and one executive board.
Status CheckSingletons(const Cursor& organs, const Organization& org, const std::vector<OrganSource>& sources) {
  for (auto [kind, what] : {std::pair{OrganKind::kCouncil, "kommunfullmäktige"},
                            std::pair{OrganKind::kExecutiveBoard, "kommunstyrelsen"}}) {
    std::string first;
    for (const OrganSource& s : sources) {
      if (org.organs.at(s.id).kind != kind) continue;
      if (!first.empty())
        return s.kind.Error(std::string("ett andra organ av typen ") + engine::OrganKindName(kind) + " ('" + s.id +
                            "'): det får finnas ett, och det är '" + first + "'");
      first = s.id;
    }
    if (first.empty())
      return organs.Error(std::string(what) + " saknas: exakt ett organ ska ha kind: " + engine::OrganKindName(kind));
  }
  return Status::Ok();
}

// Every organ but the council reports to a defined organ, and every chain of
// reports_to ends at the council.
Status CheckHierarchy(Organization& org, const std::vector<OrganSource>& sources) {
  for (const OrganSource& s : sources) {
    engine::Organ& organ = org.organs.at(s.id);
    if (organ.kind == OrganKind::kCouncil) {
      if (s.reports_to.present()) return s.reports_to.Error("kommunfullmäktige rapporterar inte till något organ");
      continue;
    }
    if (!s.reports_to.present())
      return s.reports_to.Error(std::string(s.reports_to.node().IsDefined() ? "fältet saknar värde" : "fältet saknas") +
                                ": alla organ utom kommunfullmäktige rapporterar till ett annat organ");
    ARSHJUL_ASSIGN_OR_RETURN(auto parent, ReadId(s.reports_to));
    const engine::Organ* up = org.FindOrgan(parent);
    if (!up) return s.reports_to.Error("okänt organ '" + parent + "'");
    if (organ.kind == OrganKind::kSubcommittee && up->kind != OrganKind::kExecutiveBoard &&
        up->kind != OrganKind::kCommittee)
      return s.reports_to.Error("ett utskott hör till kommunstyrelsen eller en nämnd, inte till '" + parent + "'");
    if (engine::IsUnitKind(organ.kind) && up->kind != OrganKind::kAdministration && !engine::IsUnitKind(up->kind))
      return s.reports_to.Error("en enhet under förvaltningen (" + std::string(engine::OrganKindName(organ.kind)) +
                                ") hör till en förvaltning eller en annan enhet, inte till '" + parent + "'");
    organ.reports_to = parent;
  }
  for (const OrganSource& s : sources) {
    const std::string cycle = CycleFrom(s.id, org.organs, &engine::Organ::reports_to);
    if (!cycle.empty()) return s.reports_to.Error("rapportvägen går i cirkel: " + cycle);
  }
  return Status::Ok();
}

Status ReadOrgans(const Cursor& c, Organization& org, engine::OrganizationDates& dates) {
  if (!c.node().IsDefined()) return c.Error("fältet saknas");
  ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(c));
  std::vector<OrganSource> sources;
  std::map<std::string, std::string> first_path;
  for (const Cursor& item : items) ARSHJUL_RETURN_IF_ERROR(ReadOrgan(item, org, sources, first_path, dates));
  ARSHJUL_RETURN_IF_ERROR(CheckSingletons(c, org, sources));
  return CheckHierarchy(org, sources);
}

// `chef:` — the role that leads an organ; every unit below the förvaltning names one.
Status ReadChefs(const Cursor& organs, Organization& org) {
  ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(organs));
  for (const Cursor& item : items) {
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(item.Key("id")));
    const Cursor chef = item.Key("chef");
    if (!chef.node().IsDefined()) {
      if (engine::IsUnitKind(org.organs.at(id).kind))
        return chef.Error("fältet saknas: en enhet under förvaltningen anger sin chefs roll (t.ex. chef: enhetschef)");
      continue;
    }
    ARSHJUL_ASSIGN_OR_RETURN(auto role, ReadId(chef));
    if (!org.roles.count(role)) return chef.Error("okänd roll '" + role + "' (definiera den under roles:)");
    org.chef_roles[id] = role;
  }
  return Status::Ok();
}

Status ReadRoles(const Cursor& c, Organization& org) {
  ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(c));
  std::map<std::string, std::string> first_path;
  std::vector<std::pair<std::string, Cursor>> superiors;
  for (const Cursor& item : items) {
    ARSHJUL_RETURN_IF_ERROR(ExpectMap(item, {"id", "name", "superior"}));
    engine::Role role;
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(item.Key("id")));
    if (auto [it, fresh] = first_path.emplace(id, item.path()); !fresh)
      return item.Key("id").Error("id '" + id + "' används redan av " + it->second);
    ARSHJUL_ASSIGN_OR_RETURN(auto name, ReadText(item.Key("name")));
    role.id = id;
    role.name = name;
    if (item.Key("superior").present()) superiors.emplace_back(role.id, item.Key("superior"));
    org.roles.emplace(role.id, std::move(role));
  }
  for (const auto& [id, cursor] : superiors) {
    ARSHJUL_ASSIGN_OR_RETURN(auto superior, ReadId(cursor));
    if (!org.roles.count(superior)) return cursor.Error("okänd roll '" + superior + "'");
    org.roles.at(id).superior = superior;
  }
  for (const auto& [id, cursor] : superiors) {
    const std::string cycle = CycleFrom(id, org.roles, &engine::Role::superior);
    if (!cycle.empty()) return cursor.Error("eskaleringsvägen går i cirkel: " + cycle);
  }
  return Status::Ok();
}

Result<engine::RoleHolding> ReadHolding(const Cursor& c, const std::string& person, const Organization& org) {
  if (!c.present()) return c.Error("väntade en roll (role, organ, from)");
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"role", "organ", "from", "to"}));
  engine::RoleHolding h;
  h.person_id = person;
  ARSHJUL_ASSIGN_OR_RETURN(auto role, ReadId(c.Key("role")));
  if (!org.roles.count(role)) return c.Key("role").Error("okänd roll '" + role + "'");
  ARSHJUL_ASSIGN_OR_RETURN(auto organ, ReadId(c.Key("organ")));
  if (!org.FindOrgan(organ)) return c.Key("organ").Error("okänt organ '" + organ + "'");
  ARSHJUL_ASSIGN_OR_RETURN(auto from, ReadDate(c.Key("from")));
  h.role = role;
  h.organ = organ;
  h.from = from;
  if (Cursor to_field = c.Key("to"); to_field.node().IsDefined()) {
    ARSHJUL_ASSIGN_OR_RETURN(auto to, ReadDate(to_field));
    if (to < from)
      return to_field.Error("'to' (" + engine::ToString(to) + ") ligger före 'from' (" + engine::ToString(from) +
                            ")");
    h.to = to;
  }
  return h;
}

bool Overlap(const engine::RoleHolding& a, const engine::RoleHolding& b) {
  return a.role == b.role && a.organ == b.organ && (!a.to || b.from <= *a.to) && (!b.to || a.from <= *b.to);
}

Status ReadPerson(const Cursor& c, Organization& org, std::map<std::string, std::string>& first_path) {
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"id", "name", "email", "roles"}));
  engine::Person person;
  ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(c.Key("id")));
  if (auto [it, fresh] = first_path.emplace(id, c.path()); !fresh)
    return c.Key("id").Error("id '" + id + "' används redan av " + it->second);
  ARSHJUL_ASSIGN_OR_RETURN(auto name, ReadText(c.Key("name")));
  ARSHJUL_ASSIGN_OR_RETURN(auto email, ReadText(c.Key("email")));
  if (!LooksLikeEmail(email)) return c.Key("email").Error("ogiltig e-postadress '" + email + "'");
  person.id = id;
  person.name = name;
  person.email = email;
  ARSHJUL_ASSIGN_OR_RETURN(auto holdings, ListItems(c.Key("roles")));
  const std::size_t first_own = org.holdings.size();
  for (const Cursor& item : holdings) {
    ARSHJUL_ASSIGN_OR_RETURN(auto h, ReadHolding(item, person.id, org));
    for (std::size_t i = first_own; i < org.holdings.size(); ++i) {
      if (Overlap(org.holdings[i], h))
        return item.Error("perioden överlappar " + c.path() + ".roles[" + std::to_string(i - first_own) +
                          "] (samma roll i samma organ)");
    }
    org.holdings.push_back(std::move(h));
  }
  org.people.emplace(person.id, std::move(person));
  return Status::Ok();
}

Result<Organization> ParseRoot(const Cursor& root, engine::OrganizationDates& dates) {
  if (!root.present()) return root.Error("filen är tom");
  ARSHJUL_RETURN_IF_ERROR(ExpectMap(root, {"municipality", "valid_from", "organs", "roles", "people", "rules"}));
  Organization org;
  if (root.Key("valid_from").present()) {
    auto from = ReadDate(root.Key("valid_from"));
    if (!from.ok()) return from.status();
    dates.valid_from = *from;
  }
  ARSHJUL_RETURN_IF_ERROR(ReadMunicipality(root.Key("municipality"), org));
  ARSHJUL_RETURN_IF_ERROR(ReadOrgans(root.Key("organs"), org, dates));
  ARSHJUL_RETURN_IF_ERROR(ReadRoles(root.Key("roles"), org));
  ARSHJUL_RETURN_IF_ERROR(ReadChefs(root.Key("organs"), org));
  ARSHJUL_ASSIGN_OR_RETURN(auto people, ListItems(root.Key("people")));
  std::map<std::string, std::string> first_path;
  for (const Cursor& item : people) ARSHJUL_RETURN_IF_ERROR(ReadPerson(item, org, first_path));
  std::stable_sort(
      org.holdings.begin(), org.holdings.end(),
      [](const engine::RoleHolding& a, const engine::RoleHolding& b) { return a.person_id < b.person_id; });
  ARSHJUL_ASSIGN_OR_RETURN(auto rules, ReadRules(root.Key("rules"), org.roles));
  org.rules = std::move(rules);
  return org;
}

}  // namespace

Result<engine::Organization> ParseOrganization(std::string_view yaml_text, const std::string& source_name,
                                               engine::OrganizationDates* dates) {
  engine::OrganizationDates ignored;
  ARSHJUL_RETURN_IF_ERROR(CheckYamlText(yaml_text, source_name));
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    return ParseRoot(Cursor::Root(root, source_name), dates ? *dates : ignored);
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    return Status::InvalidArgument(source_name + ":" + std::to_string(line) + ": YAML-fel: " + SwedishYamlError(e.msg));
  }
}

Result<engine::Organization> LoadOrganization(const std::string& path, engine::OrganizationDates* dates) {
  auto text = ReadYamlFile(path, "organisationsfilen");
  if (!text.ok()) return text.status();
  return ParseOrganization(*text, path, dates);
}

}  // namespace arshjul::workflows
