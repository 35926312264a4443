// simulate_bench: `arshjul simulate` (cli::RunSimulate, the same scheduler and
// service round as `serve`) for the example kommun over ten years, 2026–2035,
// and prints the time. Goal: under 2 s (docs/benchmarks.md, "Reminder
// simulation"). No SMTP or webhook: every notification goes to the log
// channel, whose JSON lines are discarded; the outbox events (scheduled and
// delivered) are recorded in the in-memory store as in a real run.
//
//   simulate_bench [--years=N] [--rounds=N]
//
// The example organisation has meeting calendars for 2026–2028 only; the
// benchmark gives 2025–2036 the same calendars (election years 2026's,
// then 2027's and 2028's), each date moved to the next working day, and
// writes that organisation to a temporary file. That is not timed; the best
// of `rounds` runs is reported.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/workflows/organization_loader.h"
#include "scheduler_commands.h"

namespace {

using arshjul::engine::Date;

int Flag(std::string_view arg, std::string_view name, int fallback) {
  if (arg.substr(0, name.size()) != name) return fallback;
  return std::atoi(std::string(arg.substr(name.size())).c_str());
}

int SourceYear(int year) { return year % 4 == 2 ? 2026 : year % 4 == 3 ? 2027 : 2028; }

void ExtendMeetings(arshjul::engine::Organization& org, int first_year, int last_year) {
  using namespace std::chrono;
  for (auto& [id, organ] : org.organs) {
    std::vector<Date> meetings;
    for (int y = first_year; y <= last_year; ++y) {
      for (const Date& d : organ.meetings) {
        if (static_cast<int>(d.year()) != SourceYear(y)) continue;
        unsigned day = std::min(static_cast<unsigned>(d.day()), static_cast<unsigned>(
                                                                   year_month_day_last{year{y} / d.month() / std::chrono::last}.day()));
        Date moved = arshjul::engine::NextWorkingDay(year{y} / d.month() / std::chrono::day{day});
        if (meetings.empty() || meetings.back() < moved) meetings.push_back(moved);
      }
    }
    organ.meetings = meetings;
  }
}

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

int main(int argc, char** argv) {
  int years = 10, rounds = 3;
  for (int i = 1; i < argc; ++i) {
    years = Flag(argv[i], "--years=", years);
    rounds = Flag(argv[i], "--rounds=", rounds);
  }
  if (!arshjul::engine::LoadStockholmTimeZone().ok()) return 1;
  const std::string example = std::string(ARSHJUL_SOURCE_DIR) + "/workflows/examples/exempelkommun/";
  auto org = arshjul::workflows::LoadOrganization(example + "organization.yaml");
  if (!org.ok()) {
    std::fprintf(stderr, "%s\n", org.status().ToString().c_str());
    return 1;
  }
  ExtendMeetings(*org, 2025, 2026 + years);
  auto dir = std::filesystem::temp_directory_path() / ("simulate_bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string org_path = (dir / "organization.yaml").string();
  std::ofstream(org_path) << arshjul::workflows::FormatOrganization(*org);

  arshjul::SystemClock clock;  // a main: the one place a system clock is made (unused by simulate from files)
  arshjul::RandomIdSource ids;
  NullBuffer null_buffer;
  std::ostream null_out(&null_buffer);
  std::ostringstream err;
  arshjul::cli::CliContext ctx;
  ctx.clock = &clock;
  ctx.ids = &ids;
  ctx.out = &null_out;
  ctx.err = &err;
  arshjul::cli::SimulateOptions o;
  o.template_path = example + "arshjul.yaml";
  o.org_path = org_path;
  o.from = "2026-01-01";
  o.to = std::to_string(2026 + years - 1) + "-12-31";

  double best = 1e9;
  for (int r = 0; r < rounds; ++r) {
    err.str("");
    auto start = std::chrono::steady_clock::now();
    int code = arshjul::cli::RunSimulate(ctx, o);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (code != 0) {
      std::fprintf(stderr, "simulate failed (%d): %s\n", code, err.str().c_str());
      return 1;
    }
    best = std::min(best, seconds);
  }
  std::filesystem::remove_all(dir);
  std::printf("simulate_bench: Exempelkommun (15 organs), %s – %s, best of %d\n", o.from.c_str(), o.to.c_str(), rounds);
  std::printf("  %s", err.str().c_str());
  std::printf("  total: %.3f s (goal < 2 s: %s)\n", best, best < 2.0 ? "met" : "NOT met");
  return 0;
}
