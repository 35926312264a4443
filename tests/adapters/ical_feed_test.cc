// The iCalendar writer without a parser in between: TEXT escaping, folding at
// 75 octets without splitting a UTF-8 character, and one VEVENT with its UID,
// all-day dates and a VALARM at 08:00 Stockholm time on both sides of a
// daylight-saving change. (tests/e2e/ical_feed_test.py reads the whole feed
// with a real iCalendar parser.)
#include "ical_feed.h"

#include <gtest/gtest.h>

#include <sstream>

#include "arshjul/engine/calendar.h"

namespace arshjul::cli {
namespace {

TEST(ICalFeedTest, EscapesTextValues) {
  EXPECT_EQ(EscapeText("a,b;c\\d\ne\r"), "a\\,b\\;c\\\\d\\ne");
  EXPECT_EQ(EscapeText("Årsredovisning – KF"), "Årsredovisning – KF");
}

TEST(ICalFeedTest, FoldsAt75OctetsWithoutSplittingACharacter) {
  EXPECT_EQ(FoldLine("SUMMARY:kort"), "SUMMARY:kort\r\n");
  std::string line = "DESCRIPTION:" + std::string(100, 'x');
  EXPECT_EQ(FoldLine(line), line.substr(0, 75) + "\r\n " + line.substr(75) + "\r\n");
  // "ä" is two octets; placed so that octet 75 would cut it in half.
  std::string tricky = std::string(74, 'a') + "ä" + "b";
  std::string folded = FoldLine(tricky);
  EXPECT_EQ(folded, std::string(74, 'a') + "\r\n ä" + "b\r\n");
  // Every physical line is at most 75 octets.
  std::string longer = "X:" + std::string(400, 'y');
  std::istringstream in(FoldLine(longer));
  for (std::string physical; std::getline(in, physical);) {
    ASSERT_FALSE(physical.empty());
    EXPECT_EQ(physical.back(), '\r');
    EXPECT_LE(physical.size() - 1, 75u);
  }
}

engine::Organization Org() {
  engine::Organization org;
  org.organs["bun"] = engine::Organ{"bun", "Barn- och utbildningsnämnden", engine::OrganKind::kCommittee, "kf", {}};
  return org;
}

TEST(ICalFeedTest, OneEventPerInstanceWithStableUidAllDayDatesAndLocalAlarms) {
  engine::StepInstance i;
  i.id = "2027/delarsrapport/bun";
  i.title = "Delårsrapport, till revisionen";
  i.organ = "bun";
  i.deadline = *engine::ParseDate("2027-04-01");  // summer time from 2027-03-28
  i.reminders = {engine::ReminderOffset{7, 8, 0}};   // 2027-03-25, still winter time
  std::ostringstream out;
  WriteICalendar(out, CalendarInfo{"Årshjul 2027", std::chrono::sys_days{std::chrono::year{2027} / 1 / 1}}, {i}, Org());
  std::string ics = out.str();
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u) << ics;
  EXPECT_NE(ics.find("UID:2027/delarsrapport/bun@arshjul\r\n"), std::string::npos) << ics;
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20270401\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND;VALUE=DATE:20270402\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Delårsrapport\\, till revisionen – Barn- och utbildningsnämnden\r\n"), std::string::npos)
      << ics;
  // 08:00 in Stockholm on 2027-03-25 (CET, UTC+1) is 07:00 UTC.
  EXPECT_NE(ics.find("TRIGGER;VALUE=DATE-TIME:20270325T070000Z\r\n"), std::string::npos) << ics;
  EXPECT_NE(ics.find("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"), std::string::npos);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // No bare LF: every line ends in CRLF.
  for (size_t p = ics.find('\n'); p != std::string::npos; p = ics.find('\n', p + 1)) ASSERT_EQ(ics[p - 1], '\r');

  // After the change to summer time (CEST, UTC+2), 08:00 is 06:00 UTC.
  i.deadline = *engine::ParseDate("2027-04-10");
  i.reminders = {engine::ReminderOffset{1, 8, 0}};
  std::ostringstream summer;
  WriteICalendar(summer, CalendarInfo{"x", {}}, {i}, Org());
  EXPECT_NE(summer.str().find("TRIGGER;VALUE=DATE-TIME:20270409T060000Z\r\n"), std::string::npos) << summer.str();
}

}  // namespace
}  // namespace arshjul::cli
