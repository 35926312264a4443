// Draws kommunstyrelsen's compiled årsredovisning for the example kommun (the
// sample year once: the baseline) and for the example ×N (N copies of the
// sample year, default 100), in one run, and prints each stage's time — replay
// as of the date, the report model, the inclusion proofs, JSON, HTML, xlsx and
// PDF (WeasyPrint) — with the ×N/×1 ratio and the machine's load average.
//
// Usage: report_bench [--copies=N] [--rounds=R] [--dir=PARENT] [--no-pdf]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/report.h"
#include "bench_util.h"
#include "drawn_report.h"
#include "sample_year.h"

using namespace arshjul;

namespace {

[[noreturn]] void Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "report_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

struct Stages {
  std::map<std::string, double> seconds;  // best of the rounds, per stage
  size_t citations = 0, bytes_pdf = 0, events = 0;
};

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Fail(what, r.status());
  return std::move(r).value();
}

// Times `op` and keeps the best of the rounds under `name`.
void Time(Stages& s, const std::string& name, const std::function<void()>& op) {
  auto t0 = bench::SteadyClock::now();
  op();
  double d = bench::SecondsBetween(t0, bench::SteadyClock::now());
  auto it = s.seconds.find(name);
  if (it == s.seconds.end() || d < it->second) s.seconds[name] = d;
}

Stages Measure(storage::EventStore& store, int rounds, bool pdf) {
  Stages s;
  s.events = store.HeadPosition().value_or(0) + 1;
  engine::ReportRequest req{engine::ReportKind::kAnnual, "ks", engine::Date{std::chrono::year(2026) / 1 / 1},
                            engine::Date{std::chrono::year(2026) / 12 / 31}, engine::Date{std::chrono::year(2026) / 12 / 31}};
  engine::ReplayFilter filter;
  filter.as_of = engine::LocalToUtc(engine::Date{std::chrono::sys_days(req.as_of) + std::chrono::days(1)}, 0, 0);
  for (int r = 0; r < rounds; ++r) {
    engine::DomainState state;
    engine::Report model;
    report::DrawnReport drawn;
    auto t_all = bench::SteadyClock::now();
    Time(s, "replay as of 2026-12-31", [&] { state = Must(engine::Replay(store, filter), "replay"); });
    Time(s, "report model", [&] { model = Must(engine::DrawReport(state, req), "draw"); });
    Time(s, "inclusion proofs", [&] { drawn = Must(report::FetchProofs(store, model), "proofs"); });
    Time(s, "JSON", [&] { benchmark::DoNotOptimize(report::RenderJson(drawn).size()); });
    Time(s, "HTML", [&] { benchmark::DoNotOptimize(report::RenderHtml(drawn).size()); });
    Time(s, "xlsx", [&] { benchmark::DoNotOptimize(Must(report::RenderXlsx(drawn), "xlsx").size()); });
    double to_html = bench::SecondsBetween(t_all, bench::SteadyClock::now());
    if (s.seconds.count("draw to HTML, JSON and xlsx") == 0 || to_html < s.seconds["draw to HTML, JSON and xlsx"]) {
      s.seconds["draw to HTML, JSON and xlsx"] = to_html;
    }
    if (pdf && r == 0) Time(s, "PDF (WeasyPrint, once)", [&] { s.bytes_pdf = Must(report::RenderPdf(drawn), "pdf").size(); });
    s.citations = drawn.citations.size();
  }
  return s;
}

std::unique_ptr<storage::EventStore> Build(const std::string& dir, const Clock& clock, IdSource& ids,
                                           const std::string& example, int copies) {
  std::filesystem::remove_all(dir);
  storage::StoreOptions opts;
  opts.clock = &clock;
  opts.ids = &ids;
  opts.types = engine::StoreTypeRegistry();
  opts.sync = false;
  auto store = Must(storage::OpenStore(dir, opts), "open");
  engine::CommandHandler handler(*store, clock);
  if (Status st = bench::RecordOrganization(handler, example); !st.ok()) Fail("organisation", st);
  auto sample = bench::LoadSampleYear(example);
  for (int c = 0; c < copies; ++c)
    if (Status st = bench::AppendSampleCopy(*store, sample, static_cast<uint64_t>(c)); !st.ok()) Fail("append", st);
  return store;
}

}  // namespace

int main(int argc, char** argv) {
  int copies = 100, rounds = 3;
  bool pdf = true;
  std::string parent = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--copies=", 0) == 0) copies = std::stoi(a.substr(9));
    if (a.rfind("--rounds=", 0) == 0) rounds = std::stoi(a.substr(9));
    if (a.rfind("--dir=", 0) == 0) parent = a.substr(6);
    if (a == "--no-pdf") pdf = false;
  }
  if (Status tz = engine::LoadStockholmTimeZone(); !tz.ok()) Fail("tz", tz);
  std::string example = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun";
  SystemClock clock;
  RandomIdSource ids;
  std::string dir1 = parent + "/arshjul-report-bench-1", dirn = parent + "/arshjul-report-bench-n";
  auto one = Build(dir1, clock, ids, example, 1);
  auto many = Build(dirn, clock, ids, example, copies);
  std::printf("load average before: %s\n", bench::LoadAverage().c_str());
  Stages base = Measure(*one, rounds, pdf);
  Stages scaled = Measure(*many, rounds, pdf);
  std::printf("KS's compiled årsredovisning 2026, best of %d rounds (PDF once); load average after: %s\n", rounds,
              bench::LoadAverage().c_str());
  std::printf("%-32s %14s %14s %8s\n", "stage", "×1 (s)", ("×" + std::to_string(copies) + " (s)").c_str(), "ratio");
  std::printf("%-32s %14zu %14zu\n", "events in the log", base.events, scaled.events);
  std::printf("%-32s %14zu %14zu\n", "citations", base.citations, scaled.citations);
  for (const auto& [name, secs] : scaled.seconds) {
    double b = base.seconds.count(name) ? base.seconds.at(name) : 0;
    std::printf("%-32s %14.4f %14.4f %8.1f\n", name.c_str(), b, secs, b > 0 ? secs / b : 0.0);
  }
  if (pdf) std::printf("%-32s %14s %14zu\n", "PDF bytes (×N)", "", scaled.bytes_pdf);
  one.reset();
  many.reset();
  std::filesystem::remove_all(dir1);
  std::filesystem::remove_all(dirn);
  return 0;
}
