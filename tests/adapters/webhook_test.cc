// The webhook channel against a local HTTP receiver (Python's http.server).
#include "webhook_client.h"

#include <gtest/gtest.h>

#include "arshjul/engine/local_time.h"
#include "channels.h"
#include "sinks.h"
#include "support/fake_clock.h"

namespace arshjul::notify {
namespace {

using testing::At;
using testing::HttpSink;

engine::NotificationRow Row() {
  engine::NotificationRow n;
  n.id = "2027/arsredovisning/bun/2027-12-31/reminder/28d0800";
  n.instance_id = "2027/arsredovisning/bun/2027-12-31";
  n.organ = "bun";
  n.kind = engine::NotificationKind::kReminder;
  n.fire_at = At("2028-02-01T07:00:00Z");
  n.subject = "Påminnelse: Årsredovisning";
  n.body = "Hej!";
  n.recipients = {{"sara-lindqvist", "sara.lindqvist@exempelkommun.se", "Sara Lindqvist"}};
  return n;
}

TEST(WebhookTest, PostsTheNotificationAsJsonWithAnIdempotencyKey) {
  ASSERT_TRUE(engine::LoadStockholmTimeZone().ok());
  HttpSink sink;
  WebhookClient client(sink.Url(), std::chrono::milliseconds(5000));
  WebhookChannel channel(client);
  engine::DeliveryRow d{"webhook", "", "", {}, 0, "", {}, {}};
  auto outcome = channel.Deliver(Row(), d);
  ASSERT_EQ(outcome.kind, engine::DeliveryOutcome::Kind::kDelivered) << outcome.error;
  auto requests = sink.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["path"], "/hook");
  EXPECT_EQ(requests[0]["idempotency_key"], Row().id);
  EXPECT_EQ(requests[0]["content_type"], "application/json; charset=utf-8");
  auto body = nlohmann::json::parse(std::string(requests[0]["body"]));
  EXPECT_EQ(body["notificationId"], Row().id);
  EXPECT_EQ(body["kind"], "reminder");
  EXPECT_EQ(body["fireAt"], "2028-02-01T08:00:00+01:00");
  EXPECT_EQ(body["subject"], "Påminnelse: Årsredovisning");
  EXPECT_EQ(body["recipients"][0]["email"], "sara.lindqvist@exempelkommun.se");
}

TEST(WebhookTest, ServerErrorsAreRetriedClientErrorsAreNot) {
  HttpSink sink;
  WebhookClient unavailable(sink.Url("/status/503"), std::chrono::milliseconds(5000));
  WebhookResult r = unavailable.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient);
  EXPECT_EQ(r.status, 503);
  EXPECT_FALSE(r.unreachable);
  WebhookClient busy(sink.Url("/status/429"), std::chrono::milliseconds(5000));
  EXPECT_EQ(busy.Post("{}", "k").kind, WebhookResult::Kind::kTransient);
  WebhookClient missing(sink.Url("/status/404"), std::chrono::milliseconds(5000));
  r = missing.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kPermanent);
  EXPECT_EQ(r.status, 404);
}

TEST(WebhookTest, NoReceiverIsATransientFailureOfTheChannel) {
  WebhookClient client("http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/",
                       std::chrono::milliseconds(2000));
  WebhookResult r = client.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient);
  EXPECT_TRUE(r.unreachable);
}

TEST(WebhookTest, PostsOverHttpsToAReceiverWhoseCertificateIsChecked) {
  ASSERT_TRUE(engine::LoadStockholmTimeZone().ok());
  testing::TestCa ca;
  HttpSink sink(ca);
  ASSERT_EQ(sink.Url().rfind("https://", 0), 0u);
  WebhookClient client(sink.Url(), std::chrono::milliseconds(5000), net::TlsOptions{ca.ca_file(), true});
  WebhookChannel channel(client);
  engine::DeliveryRow d{"webhook", "", "", {}, 0, "", {}, {}};
  auto outcome = channel.Deliver(Row(), d);
  ASSERT_EQ(outcome.kind, engine::DeliveryOutcome::Kind::kDelivered) << outcome.error;
  auto requests = sink.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["idempotency_key"], Row().id);
  EXPECT_EQ(nlohmann::json::parse(std::string(requests[0]["body"]))["notificationId"], Row().id);
}

TEST(WebhookTest, AReceiverWithAnUntrustedCertificateGetsNothingAndIsRetriedLater) {
  testing::TestCa ca;
  HttpSink sink(ca);
  WebhookClient client(sink.Url(), std::chrono::milliseconds(5000));  // the system's CAs only
  WebhookResult r = client.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient);
  EXPECT_TRUE(r.unreachable);
  EXPECT_NE(r.error.find("servercertifikatet godtogs inte"), std::string::npos) << r.error;
  EXPECT_TRUE(sink.Requests().empty());
}

}  // namespace
}  // namespace arshjul::notify
