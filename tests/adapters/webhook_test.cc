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

TEST(WebhookTest, ParsesPlainHttpUrlsOnly) {
  auto u = ParseHttpUrl("http://127.0.0.1:8080/hooks/arshjul?x=1");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->target, "/hooks/arshjul?x=1");
  u = ParseHttpUrl("http://intranet.exempelkommun.se");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_FALSE(ParseHttpUrl("https://example.se/"));
  EXPECT_FALSE(ParseHttpUrl("http://:80/"));
  EXPECT_FALSE(ParseHttpUrl("http://host:99999/"));
}

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
  WebhookClient client(*ParseHttpUrl(sink.Url()), std::chrono::milliseconds(5000));
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
  WebhookClient unavailable(*ParseHttpUrl(sink.Url("/status/503")), std::chrono::milliseconds(5000));
  WebhookResult r = unavailable.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient);
  EXPECT_EQ(r.status, 503);
  EXPECT_FALSE(r.unreachable);
  WebhookClient busy(*ParseHttpUrl(sink.Url("/status/429")), std::chrono::milliseconds(5000));
  EXPECT_EQ(busy.Post("{}", "k").kind, WebhookResult::Kind::kTransient);
  WebhookClient missing(*ParseHttpUrl(sink.Url("/status/404")), std::chrono::milliseconds(5000));
  r = missing.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kPermanent);
  EXPECT_EQ(r.status, 404);
}

TEST(WebhookTest, NoReceiverIsATransientFailureOfTheChannel) {
  WebhookClient client(Url{"127.0.0.1", static_cast<uint16_t>(testing::UnusedPort()), "/"},
                       std::chrono::milliseconds(2000));
  WebhookResult r = client.Post("{}", "k");
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient);
  EXPECT_TRUE(r.unreachable);
}

}  // namespace
}  // namespace arshjul::notify
