// net::HttpClient (libcurl) against real local receivers: Python's http.server
// over plain http and over https with a test CA made in the test, and the
// hostile peers of hostile_peer.py.
#include "http_client.h"

#include <gtest/gtest.h>

#include "sinks.h"

namespace arshjul::net {
namespace {

using testing::HttpSink;
using testing::TestCa;

TEST(HttpClientTest, PostsWithHeadersAndReadsTheAnswer) {
  HttpSink sink;
  HttpClient client;
  auto r = client.Post(sink.Url("/hook"), R"({"å":1})", "application/json; charset=utf-8",
                       {{"Idempotency-Key", "k-1"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"ok":true})");
  EXPECT_EQ(r->Header("content-type"), "application/json");
  auto requests = sink.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["method"], "POST");
  EXPECT_EQ(requests[0]["idempotency_key"], "k-1");
  EXPECT_EQ(requests[0]["body"], R"({"å":1})");
}

TEST(HttpClientTest, GetsOverHttpsTrustingTheGivenCa) {
  TestCa ca;
  HttpSink sink(ca);
  HttpOptions options;
  options.tls.ca_file = ca.ca_file();
  auto r = HttpClient(options).Get(sink.Url("/v3/data/kpi/N00945?page=2"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(nlohmann::json::parse(r->body)["path"], "/v3/data/kpi/N00945?page=2");
  EXPECT_EQ(sink.Requests().at(0)["method"], "GET");
}

TEST(HttpClientTest, RefusesACertificateItCannotVerifyAndSendsNothing) {
  TestCa ca;
  TestCa other;
  HttpSink sink(ca);
  HttpOptions options;
  options.tls.ca_file = other.ca_file();  // a CA that did not sign the server's certificate
  auto r = HttpClient(options).Post(sink.Url("/hook"), "{}", "application/json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("servercertifikatet godtogs inte"), std::string::npos) << r.status().message();
  EXPECT_TRUE(sink.Requests().empty());
  // The system's store does not know the test CA either.
  EXPECT_FALSE(HttpClient().Get(sink.Url("/")).ok());
}

TEST(HttpClientTest, StatusesAreReturnedNotTurnedIntoErrors) {
  HttpSink sink;
  auto r = HttpClient().Get(sink.Url("/status/503"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 503);
}

TEST(HttpClientTest, NoListenerIsASwedishErrorNamingTheHost) {
  int port = testing::UnusedPort();
  auto r = HttpClient().Get("http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  EXPECT_NE(r.status().message().find("anslutningen nekades"), std::string::npos) << r.status().message();
}

TEST(HttpClientTest, OnlyHttpAndHttpsUrls) {
  for (std::string url : {"ftp://example.se/", "file:///etc/passwd", "https:///x", "example.se"}) {
    auto r = HttpClient().Get(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(r.status().field(), "url");
  }
}

TEST(HttpClientTest, AnAnswerOverTheBodyCapIsAnError) {
  HttpSink sink;
  HttpOptions options;
  options.max_body_bytes = 8;  // the sink answers a GET with {"path": "/a-longer-path"}
  auto r = HttpClient(options).Get(sink.Url("/a-longer-path"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("svaret är för stort"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace arshjul::net
