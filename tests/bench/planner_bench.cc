// planner_bench: plans the example kommun's årshjul (workflows/examples/
// exempelkommun/arshjul.yaml, extending standard.yaml) for 290 kommuner of 15
// organs each over 10 years — every Swedish kommun's wheel for a decade — and
// prints the instances planned per second and the total time. Goal: under
// one second in all (docs/benchmarks.md, "Planner").
//
//   planner_bench [--kommuner=N] [--years=N] [--rounds=N]
//
// Each kommun gets its own Organization shaped like the example kommun (KF,
// KS, its administration, two subcommittees, eight committees, two companies)
// with meetings every month but July on dates that differ between kommuner,
// and holders for every role the template asks for. Building them is not
// timed; the best of `rounds` runs is reported.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/planner.h"
#include "arshjul/workflows/template_loader.h"

namespace {

using arshjul::engine::Date;
using arshjul::engine::Organization;
using arshjul::engine::OrganKind;

constexpr int kFirstYear = 2026;

struct Options {
  int kommuner = 290;
  int years = 10;
  int rounds = 3;
};

int Flag(std::string_view arg, std::string_view name, int fallback) {
  if (arg.substr(0, name.size()) != name) return fallback;
  return std::atoi(std::string(arg.substr(name.size())).c_str());
}

// Meetings on a working day near day `day` of every month but July.
std::vector<Date> Meetings(int day, int years) {
  std::vector<Date> out;
  for (int y = kFirstYear; y < kFirstYear + years; ++y) {
    for (unsigned m = 1; m <= 12; ++m) {
      if (m == 7) continue;
      out.push_back(arshjul::engine::NextWorkingDay(std::chrono::year{y} / std::chrono::month{m} /
                                                    std::chrono::day{static_cast<unsigned>(day)}));
    }
  }
  return out;
}

void AddOrgan(Organization& org, const std::string& id, OrganKind kind, const std::string& reports_to,
              std::vector<Date> meetings) {
  org.organs[id] = arshjul::engine::Organ{id, id, kind, reports_to, std::move(meetings)};
}

void Hold(Organization& org, const std::string& role, const std::string& organ) {
  org.holdings.push_back(arshjul::engine::RoleHolding{role + "-" + organ, role, organ,
                                                      std::chrono::year{2020} / 1 / 1, std::nullopt});
}

Organization Kommun(int k, int years) {
  Organization org;
  org.municipality_id = "kommun" + std::to_string(k);
  org.municipality_name = "Kommun " + std::to_string(k);
  const int shift = k % 7;
  AddOrgan(org, "kf", OrganKind::kCouncil, "", Meetings(15 + shift, years));
  AddOrgan(org, "ks", OrganKind::kExecutiveBoard, "kf", Meetings(3 + shift, years));
  AddOrgan(org, "forvaltningen", OrganKind::kAdministration, "ks", {});
  for (const char* id : {"ksau", "ksbu"}) AddOrgan(org, id, OrganKind::kSubcommittee, "ks", Meetings(1 + shift, years));
  const char* committees[] = {"bun", "sn", "kfn", "sbn", "mbn", "tn", "vn", "ofn"};
  for (int i = 0; i < 8; ++i)
    AddOrgan(org, committees[i], OrganKind::kCommittee, "ks", Meetings(8 + i + shift, years));
  for (const char* id : {"bostadsbolaget", "energibolaget"})
    AddOrgan(org, id, OrganKind::kCompany, "ks", Meetings(20 + shift, years));
  for (const char* role : {"kommunchef", "forvaltningschef", "controller", "namndsekreterare", "kommunsekreterare",
                           "ordforande", "vd", "revisor"})
    org.roles[role] = arshjul::engine::Role{role, role, role == std::string("kommunchef") ? "" : "kommunchef"};
  Hold(org, "kommunchef", "forvaltningen");
  for (const char* organ : {"kf", "ks", "ksau", "ksbu"}) Hold(org, "kommunsekreterare", organ);
  Hold(org, "revisor", "kf");
  for (const char* organ : {"ksau", "ksbu"}) Hold(org, "ordforande", organ);
  for (const char* organ : committees)
    for (const char* role : {"forvaltningschef", "controller", "namndsekreterare"}) Hold(org, role, organ);
  for (const char* organ : {"bostadsbolaget", "energibolaget"}) Hold(org, "vd", organ);
  return org;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    o.kommuner = Flag(argv[i], "--kommuner=", o.kommuner);
    o.years = Flag(argv[i], "--years=", o.years);
    o.rounds = Flag(argv[i], "--rounds=", o.rounds);
  }
  auto tmpl = arshjul::workflows::LoadTemplate(ARSHJUL_SOURCE_DIR "/workflows/examples/exempelkommun/arshjul.yaml");
  if (!tmpl.ok()) {
    std::fprintf(stderr, "%s\n", tmpl.status().ToString().c_str());
    return 1;
  }
  std::vector<Organization> kommuner;
  for (int k = 0; k < o.kommuner; ++k) kommuner.push_back(Kommun(k, o.years));

  double best = 1e30, best_cpu = 1e30;
  size_t instances = 0;
  for (int round = 0; round < o.rounds; ++round) {
    instances = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (const Organization& org : kommuner) {
      for (int y = kFirstYear; y < kFirstYear + o.years; ++y) {
        auto plan = arshjul::engine::Plan(*tmpl, org, y);
        if (!plan.ok()) {
          std::fprintf(stderr, "%s %d: %s\n", org.municipality_id.c_str(), y, plan.status().ToString().c_str());
          return 1;
        }
        instances += plan->size();
      }
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
  }
  std::printf("planner_bench: %d kommuner × 15 organ × %d år = %d planer, %zu steg\n", o.kommuner, o.years,
              o.kommuner * o.years, instances);
  std::printf("  total %.3f s (bäst av %d), %.0f steg/s, %.1f µs per plan — mål: under 1 s totalt: %s\n", best,
              o.rounds, static_cast<double>(instances) / best, best * 1e6 / (o.kommuner * o.years),
              best < 1.0 ? "uppfyllt" : "EJ uppfyllt");
  std::printf("  processortid %.3f s (skiljer den sig från totalen delas processorn med annat)\n", best_cpu);
  return 0;
}
