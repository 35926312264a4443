#include "arshjul/engine/local_time.h"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>

#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace arshjul::engine {
namespace {

constexpr const char* kZoneName = "Europe/Stockholm";

struct ZoneLookup {
  absl::TimeZone zone;
  bool loaded = false;
};

// absl::LoadTimeZone reads the TZif file from the system's tz database
// (/usr/share/zoneinfo) and applies its POSIX footer for instants after the
// last explicit transition; it reports failure instead of throwing.
ZoneLookup Locate() {
  ZoneLookup lookup;
  lookup.loaded = absl::LoadTimeZone(kZoneName, &lookup.zone);
  return lookup;
}

const ZoneLookup& CachedLookup() {
  static const ZoneLookup lookup = Locate();
  return lookup;
}

const absl::TimeZone& Stockholm() {
  const ZoneLookup& lookup = CachedLookup();
  if (!lookup.loaded) {
    std::fprintf(stderr, "arshjul: tidszonen %s saknas i tidszonsdatabasen\n", kZoneName);
    std::abort();
  }
  return lookup.zone;
}

absl::Time ToAbsl(Timestamp t) {
  return absl::FromUnixNanos(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

Timestamp FromAbsl(absl::Time t) {
  return Timestamp{std::chrono::duration_cast<Timestamp::duration>(
      std::chrono::nanoseconds{absl::ToUnixNanos(t)})};
}

}  // namespace

Status LoadStockholmTimeZone() {
  if (CachedLookup().loaded) return Status::Ok();
  return Status::IOError(std::string("kunde inte läsa tidszonen ") + kZoneName +
                         " ur tidszonsdatabasen (/usr/share/zoneinfo, paketet tzdata)");
}

Timestamp LocalToUtc(std::chrono::year_month_day date, int hour, int minute) {
  assert(date.ok() && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59);
  const absl::CivilSecond wall(static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                               static_cast<unsigned>(date.day()), hour, minute, 0);
  // `pre` is the instant computed with the offset in force before a
  // transition: before a gap it moves the wall time forward by the gap, and
  // in a fold it is the earlier (summer) instant — the header's choices.
  const absl::TimeZone::TimeInfo info = Stockholm().At(wall);
  return FromAbsl(info.pre);
}

LocalDateTime UtcToLocal(Timestamp t) {
  const auto whole = std::chrono::floor<std::chrono::seconds>(t);
  const absl::TimeZone::CivilInfo info = Stockholm().At(ToAbsl(Timestamp{whole}));
  const absl::CivilSecond& cs = info.cs;
  return LocalDateTime{
      std::chrono::year_month_day{std::chrono::year{static_cast<int>(cs.year())},
                                  std::chrono::month{static_cast<unsigned>(cs.month())},
                                  std::chrono::day{static_cast<unsigned>(cs.day())}},
      cs.hour(), cs.minute(), cs.second(), info.offset / 60};
}

std::chrono::year_month_day LocalDate(Timestamp t) { return UtcToLocal(t).date; }

std::string FormatLocalRfc3339(Timestamp t) {
  const LocalDateTime local = UtcToLocal(t);
  const int offset = local.utc_offset_minutes;
  const int abs_offset = offset < 0 ? -offset : offset;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(local.date.year()), static_cast<unsigned>(local.date.month()),
                static_cast<unsigned>(local.date.day()), local.hour, local.minute, local.second,
                offset < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
  return buf;
}

}  // namespace arshjul::engine
