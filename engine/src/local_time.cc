#include "arshjul/engine/local_time.h"

#include <date/tz.h>

#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace arshjul::engine {
namespace {

constexpr const char* kZoneName = "Europe/Stockholm";

struct ZoneLookup {
  const date::time_zone* zone = nullptr;
  std::string error;  // why `zone` is null
};

// date::locate_zone throws when the database or the zone is missing; the
// exception stops here.
ZoneLookup Locate() {
  try {
    return ZoneLookup{date::locate_zone(kZoneName), {}};
  } catch (const std::exception& e) {
    return ZoneLookup{nullptr, e.what()};
  }
}

const ZoneLookup& CachedLookup() {
  static const ZoneLookup lookup = Locate();
  return lookup;
}

const date::time_zone& Stockholm() {
  const ZoneLookup& lookup = CachedLookup();
  if (lookup.zone == nullptr) {
    std::fprintf(stderr, "arshjul: tidszonen %s saknas: %s\n", kZoneName, lookup.error.c_str());
    std::abort();
  }
  return *lookup.zone;
}

}  // namespace

Status LoadStockholmTimeZone() {
  const ZoneLookup& lookup = CachedLookup();
  if (lookup.zone != nullptr) return Status::Ok();
  return Status::IOError(std::string("kunde inte läsa tidszonen ") + kZoneName +
                         " ur tidszonsdatabasen: " + lookup.error);
}

Timestamp LocalToUtc(std::chrono::year_month_day date, int hour, int minute) {
  assert(date.ok() && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59);
  const date::local_seconds wall{std::chrono::sys_days{date}.time_since_epoch() +
                                 std::chrono::hours{hour} + std::chrono::minutes{minute}};
  // `first` is the offset before a gap and the earlier (summer) one in a fold:
  // exactly the choices documented in the header.
  const date::local_info info = Stockholm().get_info(wall);
  return Timestamp{wall.time_since_epoch() - info.first.offset};
}

LocalDateTime UtcToLocal(Timestamp t) {
  const auto utc = std::chrono::floor<std::chrono::seconds>(t);
  const std::chrono::seconds offset = Stockholm().get_info(utc).offset;
  const std::chrono::sys_seconds wall = utc + offset;
  const auto day_start = std::chrono::floor<std::chrono::days>(wall);
  const std::chrono::hh_mm_ss<std::chrono::seconds> clock{wall - day_start};
  return LocalDateTime{std::chrono::year_month_day{day_start},
                       static_cast<int>(clock.hours().count()),
                       static_cast<int>(clock.minutes().count()),
                       static_cast<int>(clock.seconds().count()),
                       static_cast<int>(offset.count() / 60)};
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
