// The e-mail format: RFC 2047 header words, quoted-printable bodies,
// dot-stuffing, stable Message-IDs and dates in Stockholm time.
#include "mime.h"

#include <gtest/gtest.h>

#include "arshjul/engine/local_time.h"
#include "support/fake_clock.h"

namespace arshjul::notify {
namespace {

using testing::At;

TEST(MimeTest, AsciiHeaderTextIsLeftAlone) { EXPECT_EQ(EncodeHeaderText("Reminder: report"), "Reminder: report"); }

TEST(MimeTest, SwedishHeaderTextBecomesUtf8EncodedWords) {
  EXPECT_EQ(EncodeHeaderText("åäö"), "=?UTF-8?B?w6XDpMO2?=");
  std::string subject =
      "Påminnelse: Delårsrapport 2 med helårsprognos – Barn- och utbildningsnämnden, senast 2027-10-01";
  std::string encoded = EncodeHeaderText(subject);
  size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find("\r\n ", start);
    std::string word = encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    ++words;
    start = end == std::string::npos ? encoded.size() : end + 3;
  }
  EXPECT_GE(words, 2);
}

TEST(MimeTest, EncodedWordsNeverSplitACharacter) {
  // 30 × "å" is 60 bytes: the first word takes 22 characters (44 bytes), not 22.5.
  std::string text;
  for (int i = 0; i < 30; ++i) text += "å";
  std::string encoded = EncodeHeaderText(text);
  std::string first = encoded.substr(0, encoded.find("\r\n "));
  std::string expected_first;
  for (int i = 0; i < 22; ++i) expected_first += "å";
  EXPECT_EQ(first, EncodeHeaderText(expected_first));
}

TEST(MimeTest, QuotedPrintableEncodesUtf8AndKeepsLinesShort) {
  EXPECT_EQ(QuotedPrintable("Hej Åsa!\n"), "Hej =C3=85sa!\r\n");
  EXPECT_EQ(QuotedPrintable("a = b"), "a =3D b");
  EXPECT_EQ(QuotedPrintable("slut \n"), "slut=20\r\n");
  std::string long_line(200, 'x');
  std::string qp = QuotedPrintable(long_line);
  size_t start = 0;
  while (start < qp.size()) {
    size_t end = qp.find("\r\n", start);
    if (end == std::string::npos) end = qp.size();
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
}

TEST(MimeTest, MessageIdIsStableAndDistinctPerRecipient) {
  std::string a = MessageIdFor("2027/delarsrapport-2/bun/2027-08-31/reminder/28d0800", "sara-lindqvist");
  EXPECT_EQ(a, "<2027/delarsrapport-2/bun/2027-08-31/reminder/28d0800.sara-lindqvist@arshjul>");
  EXPECT_EQ(a, MessageIdFor("2027/delarsrapport-2/bun/2027-08-31/reminder/28d0800", "sara-lindqvist"));
  EXPECT_NE(a, MessageIdFor("2027/delarsrapport-2/bun/2027-08-31/reminder/28d0800", "tomas-axelsson"));
  EXPECT_EQ(MessageIdFor("a.b/x:y", "p"), "<a=2Eb/x=3Ay.p@arshjul>");
}

TEST(MimeTest, DateIsInStockholmTime) {
  ASSERT_TRUE(engine::LoadStockholmTimeZone().ok());
  EXPECT_EQ(MailDate(At("2027-03-29T06:00:00Z")), "Mon, 29 Mar 2027 08:00:00 +0200");
  EXPECT_EQ(MailDate(At("2027-01-04T07:00:00Z")), "Mon, 4 Jan 2027 08:00:00 +0100");
}

TEST(MimeTest, MessageHasTheHeadersAReminderNeeds) {
  MailMessage m;
  m.from_address = "arshjul@exempelkommun.se";
  m.from_name = "Årshjulet";
  m.to_address = "per.akesson@exempelkommun.se";
  m.to_name = "Per Åkesson";
  m.subject = "Påminnelse";
  m.body = "Rad ett\n.rad två\n";
  m.message_id = "<n.p@arshjul>";
  m.date = At("2027-03-29T06:00:00Z");
  m.notification_id = "n";
  std::string text = FormatMessage(m);
  EXPECT_NE(text.find("From: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("To: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find(" <per.akesson@exempelkommun.se>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: =?UTF-8?B?UMOlbWlubmVsc2U=?=\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <n.p@arshjul>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  EXPECT_NE(text.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nRad ett\r\n.rad tv=C3=A5\r\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace arshjul::notify
