// Kolada's response reader and the import's paging and pacing
// (adapters/kolada/): nulls and statuses are missing values, ids stay strings,
// errors name the field; paging follows next_url/next_page and stops at a
// repeated URL; at most 25 ids per request and 5 requests a second (a fake
// clock that the limiter's waits advance: no test sleeps).
#include <gtest/gtest.h>

#include "support/fake_clock.h"
#include "kolada_import.h"
#include "kolada_response.h"

namespace arshjul::kolada {
namespace {

TEST(KoladaResponse, ReadsValuesGendersAndMissing) {
  auto page = ParseKoladaPage(R"({"count": 1, "values": [{"kpi": "N00945", "municipality": "0180", "period": 2021,
      "values": [{"gender": "T", "value": 12.5, "status": null}, {"gender": "K", "value": null},
                 {"gender": "M", "value": 3, "status": "B"}, {"gender": "T", "value": 0, "status": ""}]}],
      "next_page": "http://x/2"})");
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->values.size(), 4u);
  EXPECT_EQ(page->values[0].municipality, "0180");  // leading zero kept
  EXPECT_EQ(page->values[0].value, 12.5);
  EXPECT_TRUE(page->values[1].Missing());
  EXPECT_TRUE(page->values[2].Missing());  // a status: not to be used, never its number
  EXPECT_EQ(page->values[2].status, "B");
  EXPECT_FALSE(page->values[3].Missing());  // 0 with no status is a real 0
  EXPECT_EQ(page->values[2].gender, "M");
  EXPECT_EQ(page->next_url, "http://x/2");
}

TEST(KoladaResponse, MalformedIsASwedishErrorNamingTheField) {
  struct Case {
    const char* json;
    const char* field;
  } cases[] = {
      {"not json", "svar"},
      {R"({"values": []})", "count"},
      {R"({"count": 0})", "values"},
      {R"({"count": 1, "values": [{"kpi": 945, "municipality": "1287", "period": 2020, "values": []}]})",
       "values[0].kpi"},
      {R"({"count": 1, "values": [{"kpi": "N1", "municipality": "1287", "period": "2020", "values": []}]})",
       "values[0].period"},
      {R"({"count": 1, "values": [{"kpi": "N1", "municipality": "1287", "period": 2020,
          "values": [{"gender": "X", "value": 1}]}]})",
       "values[0].values[0].gender"},
      {R"({"count": 1, "values": [{"kpi": "N1", "municipality": "1287", "period": 2020,
          "values": [{"gender": "T", "value": "1,5"}]}]})",
       "values[0].values[0].value"},
      {R"({"count": 0, "values": [], "next_url": 7})", "next_url"},
  };
  for (const auto& c : cases) {
    auto page = ParseKoladaPage(c.json);
    ASSERT_FALSE(page.ok()) << c.json;
    EXPECT_EQ(page.status().field(), c.field) << page.status().message();
    EXPECT_NE(page.status().message().find("Kolada-svaret"), std::string::npos) << page.status().message();
  }
}

std::string Page(const std::string& next_field, const std::string& next) {
  return R"({"count": 0, "values": [], ")" + next_field + R"(": )" + (next.empty() ? "null" : "\"" + next + "\"") + "}";
}

TEST(KoladaImport, FollowsNextUrlAndNextPageUntilARepeatedUrl) {
  testing::FakeClock clock;
  RateLimiter limiter(clock, [&](std::chrono::microseconds d) { clock.Advance(d); });
  std::map<std::string, std::string> pages = {
      {"u1", Page("next_url", "u2")}, {"u2", Page("next_page", "u3")}, {"u3", Page("next_url", "u2")},
      {"v1", Page("next_url", "")}};
  std::vector<std::string> asked;
  auto fetched = FetchPages({"u1", "v1"}, [&](const std::string& url) -> Result<std::string> {
    asked.push_back(url);
    return pages.at(url);
  }, limiter, clock);
  ASSERT_TRUE(fetched.ok()) << fetched.status().message();
  EXPECT_EQ(asked, (std::vector<std::string>{"u1", "u2", "u3", "v1"}));
  EXPECT_EQ(fetched->size(), 4u);
}

TEST(KoladaImport, AMalformedPageFailsTheWholeFetchNamingThePage) {
  testing::FakeClock clock;
  RateLimiter limiter(clock, [&](std::chrono::microseconds d) { clock.Advance(d); });
  auto fetched = FetchPages({"u1"}, [&](const std::string& url) -> Result<std::string> {
    return url == "u1" ? Page("next_url", "u2") : std::string("{\"count\": -1}");
  }, limiter, clock);
  ASSERT_FALSE(fetched.ok());
  EXPECT_NE(fetched.status().message().find("sida 2"), std::string::npos) << fetched.status().message();
}

TEST(KoladaImport, AtMostFiveRequestsInAnySecond) {
  testing::FakeClock clock;
  std::vector<Timestamp> sent;
  RateLimiter limiter(clock, [&](std::chrono::microseconds d) { clock.Advance(d); });
  for (int i = 0; i < 23; ++i) {
    limiter.Acquire();
    sent.push_back(clock.Now());
    clock.Advance(std::chrono::milliseconds(10));  // the request itself
  }
  for (size_t i = 5; i < sent.size(); ++i) EXPECT_GE(sent[i] - sent[i - 5], std::chrono::seconds(1)) << i;
  EXPECT_LT(sent.back() - sent.front(), std::chrono::milliseconds(4500));  // and no slower than needed
}

TEST(KoladaImport, AtMostTwentyFiveIdsPerRequest) {
  std::vector<std::string> kpis;
  for (int i = 0; i < 60; ++i) kpis.push_back("N" + std::to_string(10000 + i));
  auto urls = RequestUrls("https://api.kolada.se/v3", kpis, "0180", {2020, 2021});
  ASSERT_EQ(urls.size(), 3u);
  EXPECT_EQ(urls[0].rfind("https://api.kolada.se/v3/data/kpi/N10000,N10001,", 0), 0u);
  EXPECT_NE(urls[0].find("N10024/municipality/0180/year/2020,2021"), std::string::npos);
  EXPECT_NE(urls[2].find("/kpi/N10050,"), std::string::npos);
}

}  // namespace
}  // namespace arshjul::kolada
