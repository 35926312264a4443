// The page's sessions: unguessable ids, the cookie's attributes, expiry after
// idle time (a fake clock's times, no sleeping), log-out, and the constant-time
// comparison the CSRF check uses.
#include <gtest/gtest.h>

#include "html.h"
#include "sessions.h"

namespace arshjul::web {
namespace {

Timestamp At(int minutes) { return Timestamp{} + std::chrono::minutes(minutes); }

TEST(Sessions, FoundByTheCookieUntilIdleTooLong) {
  Sessions sessions(std::chrono::minutes(30));
  Session s = sessions.Create("sara-lindqvist", At(0));
  EXPECT_EQ(s.id.size(), 64u);
  EXPECT_EQ(s.csrf.size(), 64u);
  EXPECT_NE(s.id, s.csrf);
  EXPECT_NE(sessions.Create("sara-lindqvist", At(0)).id, s.id);
  std::string header = "other=1; arshjul_session=" + s.id + "; x=y";
  auto found = sessions.Find(header, At(20));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->person, "sara-lindqvist");
  EXPECT_TRUE(sessions.Find(header, At(45)));   // touched at 20: 25 minutes idle
  EXPECT_FALSE(sessions.Find(header, At(80)));  // 35 minutes idle: gone
  EXPECT_FALSE(sessions.Find(header, At(81)));
  EXPECT_FALSE(sessions.Find("arshjul_session=" + std::string(64, 'a'), At(0)));
  EXPECT_FALSE(sessions.Find("", At(0)));
}

TEST(Sessions, LogOutRemovesTheSession) {
  Sessions sessions(std::chrono::minutes(30));
  Session s = sessions.Create("p", At(0));
  sessions.Remove(s.id);
  EXPECT_FALSE(sessions.Find("arshjul_session=" + s.id, At(1)));
}

TEST(Sessions, CookieIsHttpOnlySameSiteStrictAndSecureUnderTls) {
  std::string plain = Sessions::CookieValue("abc", false);
  EXPECT_EQ(plain, "arshjul_session=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_NE(Sessions::CookieValue("abc", true).find("; Secure"), std::string::npos);
  EXPECT_NE(Sessions::CookieValue("", false).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(CookieOf("a=1; arshjul_session=xyz", kSessionCookie), "xyz");
  EXPECT_EQ(CookieOf("arshjul_sessionx=1", kSessionCookie), "");
}

TEST(Sessions, SecretsCompareWhole) {
  EXPECT_TRUE(SecretEquals("abcd", "abcd"));
  EXPECT_FALSE(SecretEquals("abcd", "abce"));
  EXPECT_FALSE(SecretEquals("abcd", "abc"));
  EXPECT_FALSE(SecretEquals("", "a"));
}

TEST(Html, EscapesAndMarksTheFieldInError) {
  EXPECT_EQ(Escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(Query({{"b", "a b/å"}, {"a", ""}}), "b=a%20b%2F%C3%A5");
  Field f;
  f.name = "meetingDate";
  f.label = "Sammanträdesdatum";
  f.value = "17/11/2026\"><script>";
  f.error = "Skriv datumet som ÅÅÅÅ-MM-DD.";
  std::string html = FieldHtml(f);
  EXPECT_NE(html.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(html.find("aria-describedby=\"f-meetingDate-fel\""), std::string::npos);
  EXPECT_NE(html.find("value=\"17/11/2026&quot;&gt;&lt;script&gt;\""), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(ErrorSummary({f}, "").find("href=\"#f-meetingDate\""), std::string::npos);
  EXPECT_EQ(ErrorSummary({}, ""), "");
}

}  // namespace
}  // namespace arshjul::web
