#include "support/domain_fixture.h"

#include <gtest/gtest.h>

#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::testing {

void RecordSmallKommun(const RecordFn& record) {
  const char* sys = "system/system/ks";
  record("NameMunicipality", "org-0", sys, R"({"id":"test","name":"Testkommun"})");
  struct O { const char *id, *name, *kind, *reports; } organs[] = {
      {"kf", "Kommunfullmäktige", "council", ""},
      {"ks", "Kommunstyrelsen", "executive_board", "kf"},
      {"ksau", "Kommunstyrelsens arbetsutskott", "subcommittee", "ks"},
      {"bun", "Barn- och utbildningsnämnden", "committee", "kf"},
      {"sn", "Socialnämnden", "committee", "kf"},
      {"forv", "Kommunförvaltningen", "administration", "ks"},
  };
  for (const auto& o2 : organs) {
    record("DefineOrgan", std::string("organ-") + o2.id, sys,
               std::string(R"({"id":")") + o2.id + R"(","name":")" + o2.name + R"(","kind":")" + o2.kind +
                   R"(","reportsTo":")" + o2.reports + R"("})");
  }
  for (const char* role : {"kommunchef", "forvaltningschef", "namndsekreterare", "controller", "kommunsekreterare"}) {
    record("DefineRole", std::string("role-") + role, sys,
               std::string(R"({"id":")") + role + R"(","name":")" + role + R"("})");
  }
  struct H { const char *person, *role, *organ, *from, *to; } holdings[] = {
      {"anna", "kommunsekreterare", "kf", "2026-01-01", ""}, {"anna", "kommunsekreterare", "ks", "2026-01-01", ""},
      {"anna", "kommunsekreterare", "ksau", "2026-01-01", ""}, {"bo", "namndsekreterare", "bun", "2026-01-01", ""},
      {"cia", "controller", "bun", "2025-01-01", "2026-06-30"}, {"dan", "controller", "bun", "2026-07-01", ""},
      {"eva", "namndsekreterare", "sn", "2026-01-01", ""},     {"kc", "kommunchef", "forv", "2026-01-01", ""},
  };
  std::set<std::string> people;
  for (const auto& h : holdings) {
    if (people.insert(h.person).second) {
      record("RegisterPerson", std::string("person-") + h.person, sys,
                 std::string(R"({"id":")") + h.person + R"(","name":")" + h.person + R"(","email":")" + h.person +
                     R"(@test.se"})");
    }
    record("AssignRole", std::string("holding-") + h.person + h.role + h.organ, sys,
               std::string(R"({"person":")") + h.person + R"(","role":")" + h.role + R"(","organ":")" + h.organ +
                   R"(","from":")" + h.from + R"(","to":")" + h.to + R"("})");
  }
}

DomainHarness::DomainHarness(const storage::TypeRegistry& extra_types) {
  storage::StoreOptions o = store_.Options();
  o.types = engine::StoreTypeRegistry();
  for (const auto& [type, info] : extra_types) o.types[type] = info;
  store_.Open(/*memory=*/true, o);
  store_.clock.Set(At("2026-01-10T09:00:00Z"));
  handler_ = std::make_unique<engine::CommandHandler>(*store_.store, store_.clock);
  RecordSmallKommun([this](const std::string& name, const std::string& id, const std::string& actor,
                           const std::string& json) { MustRecord(name, id, actor, json); });
}

engine::Command MakeCommand(const std::string& name, const std::string& id, const std::string& actor,
                            const std::string& payload_json) {
  engine::Command c;
  c.name = name;
  c.command_id = id;
  size_t a = actor.find('/'), b = actor.rfind('/');
  c.actor = {actor.substr(0, a), actor.substr(a + 1, b - a - 1), actor.substr(b + 1)};
  c.payload_json = payload_json;
  return c;
}

Result<engine::CommandOutcome> DomainHarness::Record(const std::string& name, const std::string& id,
                                                     const std::string& actor, const std::string& payload_json) {
  return handler_->Handle(MakeCommand(name, id, actor, payload_json));
}

PureDomain::PureDomain() {
  RecordSmallKommun([this](const std::string& name, const std::string& id, const std::string& actor,
                           const std::string& json) { MustRecord(name, id, actor, json); });
}

Result<engine::Decision> PureDomain::Record(const std::string& name, const std::string& id, const std::string& actor,
                                            const std::string& payload_json) {
  engine::Command c = MakeCommand(name, id, actor, payload_json);
  auto decision = engine::Decide(state_, c, engine::LocalDate(now_));
  if (!decision.ok()) return decision;
  for (const auto& proposed : decision->events) {
    storage::RecordedEvent e;
    e.event_id.bytes[8] = static_cast<uint8_t>(next_position_ >> 8);
    e.event_id.bytes[15] = static_cast<uint8_t>(next_position_ & 0xff);
    e.event_id.bytes[0] = 1;
    e.stream = decision->stream;
    e.position = next_position_++;
    e.recorded_at = now_;
    e.effective_at = proposed.effective_at.value_or(now_);
    e.actor = c.actor;
    e.command_id = c.command_id;
    e.type = proposed.type;
    e.schema_version = proposed.schema_version;
    e.payload = proposed.payload;
    Status st = state_.Apply(e);
    if (!st.ok()) return st;
  }
  return decision;
}

void PureDomain::MustRecord(const std::string& name, const std::string& id, const std::string& actor,
                            const std::string& payload_json) {
  auto r = Record(name, id, actor, payload_json);
  ASSERT_TRUE(r.ok()) << name << " " << id << ": " << r.status().ToString();
}

void DomainHarness::MustRecord(const std::string& name, const std::string& id, const std::string& actor,
                               const std::string& payload_json) {
  auto r = Record(name, id, actor, payload_json);
  ASSERT_TRUE(r.ok()) << name << " " << id << ": " << r.status().ToString();
}

}  // namespace arshjul::testing
