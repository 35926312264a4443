#include "calendar_command.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "arshjul/engine/calendar.h"

namespace arshjul::cli {
namespace {

constexpr int kFirstYear = 1753;  // Sweden's first Gregorian year
constexpr int kLastYear = 9999;

std::string_view KindSv(const engine::NamedDay& day) {
  return day.public_holiday ? "allmän helgdag" : "arbetsfri dag";
}

// Columns are padded by code points, not bytes, so that å, ä and ö align.
std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

void WritePadded(std::ostream& out, std::string_view text, std::size_t width) {
  out << text;
  for (std::size_t w = DisplayWidth(text); w < width; ++w) out << ' ';
}

void WriteTable(int year, const std::vector<engine::NamedDay>& days, std::ostream& out) {
  constexpr std::size_t kDate = 12, kWeekday = 10, kName = 24;
  out << "Arbetsfria dagar " << year << " utöver vanliga lördagar och söndagar\n";
  WritePadded(out, "datum", kDate);
  WritePadded(out, "veckodag", kWeekday);
  WritePadded(out, "namn", kName);
  out << "typ\n";
  for (const engine::NamedDay& day : days) {
    WritePadded(out, engine::ToString(day.date), kDate);
    WritePadded(out, engine::WeekdayNameSv(engine::WeekdayOf(day.date)), kWeekday);
    WritePadded(out, day.name_sv, kName);
    out << KindSv(day) << '\n';
  }
}

void WriteJson(int year, const std::vector<engine::NamedDay>& days, std::ostream& out) {
  nlohmann::json list = nlohmann::json::array();
  for (const engine::NamedDay& day : days) {
    list.push_back({{"date", engine::ToString(day.date)},
                    {"weekday", std::string(engine::WeekdayNameSv(engine::WeekdayOf(day.date)))},
                    {"name", day.name_sv},
                    {"public_holiday", day.public_holiday}});
  }
  const nlohmann::json doc = {{"year", year}, {"non_working_days", std::move(list)}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

int RunCalendarCommand(int year, const std::string& format, std::ostream& out, std::ostream& err) {
  if (format != "table" && format != "json") {
    err << "fel: okänt värde för --format: \"" << format << "\" (välj table eller json)\n";
    return 2;
  }
  if (year < kFirstYear || year > kLastYear) {
    err << "fel: året måste ligga mellan " << kFirstYear << " och " << kLastYear << ", inte "
        << year << '\n';
    return 2;
  }
  const std::vector<engine::NamedDay> days = engine::NonWorkingDays(year);
  if (format == "json") {
    WriteJson(year, days, out);
  } else {
    WriteTable(year, days, out);
  }
  return 0;
}

}  // namespace arshjul::cli
