#include "support/domain_fixture.h"

#include <gtest/gtest.h>

#include "arshjul/engine/event_catalog.h"

namespace arshjul::testing {

DomainHarness::DomainHarness() {
  storage::StoreOptions o = store_.Options();
  o.types = engine::StoreTypeRegistry();
  store_.Open(/*memory=*/true, o);
  store_.clock.Set(At("2026-01-10T09:00:00Z"));
  handler_ = std::make_unique<engine::CommandHandler>(*store_.store, store_.clock);
  const char* sys = "system/system/ks";
  MustRecord("NameMunicipality", "org-0", sys, R"({"id":"test","name":"Testkommun"})");
  struct O { const char *id, *name, *kind, *reports; } organs[] = {
      {"kf", "Kommunfullmäktige", "council", ""},
      {"ks", "Kommunstyrelsen", "executive_board", "kf"},
      {"ksau", "Kommunstyrelsens arbetsutskott", "subcommittee", "ks"},
      {"bun", "Barn- och utbildningsnämnden", "committee", "kf"},
      {"sn", "Socialnämnden", "committee", "kf"},
      {"forv", "Kommunförvaltningen", "administration", "ks"},
  };
  for (const auto& o2 : organs) {
    MustRecord("DefineOrgan", std::string("organ-") + o2.id, sys,
               std::string(R"({"id":")") + o2.id + R"(","name":")" + o2.name + R"(","kind":")" + o2.kind +
                   R"(","reportsTo":")" + o2.reports + R"("})");
  }
  for (const char* role : {"kommunchef", "forvaltningschef", "namndsekreterare", "controller", "kommunsekreterare"}) {
    MustRecord("DefineRole", std::string("role-") + role, sys,
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
      MustRecord("RegisterPerson", std::string("person-") + h.person, sys,
                 std::string(R"({"id":")") + h.person + R"(","name":")" + h.person + R"(","email":")" + h.person +
                     R"(@test.se"})");
    }
    MustRecord("AssignRole", std::string("holding-") + h.person + h.role + h.organ, sys,
               std::string(R"({"person":")") + h.person + R"(","role":")" + h.role + R"(","organ":")" + h.organ +
                   R"(","from":")" + h.from + R"(","to":")" + h.to + R"("})");
  }
}

Result<engine::CommandOutcome> DomainHarness::Record(const std::string& name, const std::string& id,
                                                     const std::string& actor, const std::string& payload_json) {
  engine::Command c;
  c.name = name;
  c.command_id = id;
  size_t a = actor.find('/'), b = actor.rfind('/');
  c.actor = {actor.substr(0, a), actor.substr(a + 1, b - a - 1), actor.substr(b + 1)};
  c.payload_json = payload_json;
  return handler_->Handle(c);
}

void DomainHarness::MustRecord(const std::string& name, const std::string& id, const std::string& actor,
                               const std::string& payload_json) {
  auto r = Record(name, id, actor, payload_json);
  ASSERT_TRUE(r.ok()) << name << " " << id << ": " << r.status().ToString();
}

}  // namespace arshjul::testing
