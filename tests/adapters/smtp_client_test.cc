// The SMTP client and the e-mail channel against a real SMTP server (aiosmtpd)
// on a free loopback port.
#include "smtp_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "arshjul/engine/local_time.h"
#include "channels.h"
#include "mime.h"
#include "sinks.h"
#include "support/fake_clock.h"

namespace arshjul::notify {
namespace {

using testing::At;
using testing::SmtpSink;

std::string Message(const std::string& subject, const std::string& body, const std::string& id) {
  MailMessage m;
  m.from_address = "arshjul@exempelkommun.se";
  m.to_address = "sara.lindqvist@exempelkommun.se";
  m.to_name = "Sara Lindqvist";
  m.subject = subject;
  m.body = body;
  m.message_id = id;
  m.date = At("2027-09-03T06:00:00Z");
  return FormatMessage(m);
}

SmtpConfig Config(int port) {
  SmtpConfig c;
  c.port = static_cast<uint16_t>(port);
  c.timeout = std::chrono::milliseconds(5000);
  return c;
}

class SmtpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(engine::LoadStockholmTimeZone().ok()); }
};

TEST_F(SmtpClientTest, DeliversASwedishMessageThatDecodesIntact) {
  SmtpSink sink;
  SmtpClient client(Config(sink.port()));
  std::string subject = "Påminnelse: Delårsrapport 2 – Barn- och utbildningsnämnden, senast fredag 1 oktober 2027";
  std::string body = "Hej!\n\nÅrsredovisningen ska vara klar.\n.En rad som börjar med punkt.\n.\nSlut.\n";
  SmtpResult r = client.Send("arshjul@exempelkommun.se", "sara.lindqvist@exempelkommun.se",
                             Message(subject, body, "<n1.sara@arshjul>"));
  ASSERT_EQ(r.kind, SmtpResult::Kind::kAccepted) << r.reply;
  EXPECT_EQ(r.code, 250);
  ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
  auto m = sink.Messages().at(0);
  EXPECT_EQ(m["mail_from"], "arshjul@exempelkommun.se");
  EXPECT_EQ(m["rcpt_tos"], nlohmann::json::array({"sara.lindqvist@exempelkommun.se"}));
  EXPECT_EQ(m["message_id"], "<n1.sara@arshjul>");
  EXPECT_EQ(m["subject"], subject) << "decoded by Python's email package";
  EXPECT_EQ(m["to"], "Sara Lindqvist <sara.lindqvist@exempelkommun.se>");
  std::string got = m["body"];
  std::erase(got, '\r');
  EXPECT_EQ(got, body) << "dot-stuffing and quoted-printable round-trip";
  std::string raw_subject = m["raw_subject"];
  EXPECT_EQ(raw_subject.rfind("Subject: =?UTF-8?B?", 0), 0u) << raw_subject;
}

TEST_F(SmtpClientTest, ARejectedRecipientIsAPermanentFailure) {
  SmtpSink sink({"finns.inte@exempelkommun.se"}, {"full@exempelkommun.se"});
  SmtpClient client(Config(sink.port()));
  SmtpResult r = client.Send("arshjul@exempelkommun.se", "finns.inte@exempelkommun.se", Message("Test", "x", "<a@arshjul>"));
  EXPECT_EQ(r.kind, SmtpResult::Kind::kPermanent);
  EXPECT_EQ(r.code, 550);
  EXPECT_NE(r.reply.find("User unknown"), std::string::npos) << r.reply;
  EXPECT_FALSE(r.server_unreachable);
  r = client.Send("arshjul@exempelkommun.se", "full@exempelkommun.se", Message("Test", "x", "<b@arshjul>"));
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient);
  EXPECT_EQ(r.code, 451);
  EXPECT_FALSE(r.server_unreachable);
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, NoServerIsATransientFailureOfTheWholeChannel) {
  SmtpClient client(Config(testing::UnusedPort()));
  SmtpResult r = client.Send("a@b.se", "c@d.se", Message("Test", "x", "<c@arshjul>"));
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient);
  EXPECT_TRUE(r.server_unreachable);
  EXPECT_NE(r.reply.find("kunde inte ansluta"), std::string::npos) << r.reply;
}

TEST_F(SmtpClientTest, AServerThatNeverGreetsTimesOut) {
  // A listening socket that never accepts: the connection completes, no greeting comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  SmtpConfig c = Config(ntohs(addr.sin_port));
  c.timeout = std::chrono::milliseconds(300);
  SmtpClient client(c);
  auto start = std::chrono::steady_clock::now();
  SmtpResult r = client.Send("a@b.se", "c@d.se", Message("Test", "x", "<d@arshjul>"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ::close(fd);
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient);
  EXPECT_TRUE(r.server_unreachable);
}

TEST_F(SmtpClientTest, TheEmailChannelSendsOneMessagePerRecipientWithAStableMessageId) {
  SmtpSink sink({"karin.holm@exempelkommun.se"});
  SmtpClient client(Config(sink.port()));
  testing::FakeClock clock(At("2027-09-03T06:00:00Z"));
  EmailChannel channel(client, "arshjul@exempelkommun.se", "Årshjulet", clock);
  engine::NotificationRow n;
  n.id = "2027/delarsrapport-2/sn/2027-08-31/reminder/28d0800";
  n.subject = "Påminnelse: Delårsrapport 2 – Socialnämnden";
  n.body = "Hej!\n";
  n.recipients = {{"karin-holm", "karin.holm@exempelkommun.se", "Karin Holm"},
                  {"oskar-persson", "oskar.persson@exempelkommun.se", "Oskar Persson"}};
  engine::DeliveryRow karin{"email", "karin-holm", "karin.holm@exempelkommun.se", {}, 0, "", {}, {}};
  engine::DeliveryRow oskar{"email", "oskar-persson", "oskar.persson@exempelkommun.se", {}, 0, "", {}, {}};
  engine::DeliveryRow nobody{"email", "ingen", "", {}, 0, "", {}, {}};
  auto refused = channel.Deliver(n, karin);
  EXPECT_EQ(refused.kind, engine::DeliveryOutcome::Kind::kPermanent);
  EXPECT_NE(refused.error.find("550"), std::string::npos);
  EXPECT_EQ(channel.Deliver(n, oskar).kind, engine::DeliveryOutcome::Kind::kDelivered);
  EXPECT_EQ(channel.Deliver(n, oskar).kind, engine::DeliveryOutcome::Kind::kDelivered);  // a resend
  EXPECT_EQ(channel.Deliver(n, nobody).kind, engine::DeliveryOutcome::Kind::kPermanent);
  ASSERT_TRUE(sink.WaitForMessages(2, std::chrono::seconds(5)));
  auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["message_id"], messages[1]["message_id"]) << "a resend is recognisably the same message";
  EXPECT_EQ(messages[0]["message_id"], MessageIdFor(n.id, "oskar-persson"));
  EXPECT_EQ(messages[0]["notification"], n.id);
  EXPECT_EQ(messages[0]["from"], "Årshjulet <arshjul@exempelkommun.se>");
}

// Port 587 as Exchange Online and kommuner's relays run it: STARTTLS
// required, then AUTH (aiosmtpd with a test CA made here).
SmtpConfig StartTlsConfig(int port, const testing::TestCa& ca, const std::string& password) {
  SmtpConfig c = Config(port);
  c.security = SmtpSecurity::kStartTls;
  c.username = "arshjul";
  c.password = password;
  c.tls.ca_file = ca.ca_file();
  return c;
}

TEST_F(SmtpClientTest, DeliversOverStartTlsAfterLoggingIn) {
  testing::TestCa ca;
  SmtpSink sink(ca, "arshjul", "hemligt-587");
  SmtpClient client(StartTlsConfig(sink.port(), ca, "hemligt-587"));
  std::string subject = "Påminnelse: Årsredovisning – Barn- och utbildningsnämnden";
  SmtpResult r = client.Send("arshjul@exempelkommun.se", "sara.lindqvist@exempelkommun.se",
                             Message(subject, "Hej!\n.En rad med punkt.\n", "<tls1.sara@arshjul>"));
  ASSERT_EQ(r.kind, SmtpResult::Kind::kAccepted) << r.reply;
  EXPECT_EQ(r.code, 250);
  ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
  auto m = sink.Messages().at(0);
  EXPECT_TRUE(m["tls"].get<bool>()) << "the message went over TLS";
  EXPECT_EQ(m["auth_login"], "arshjul");
  EXPECT_EQ(m["message_id"], "<tls1.sara@arshjul>");
  EXPECT_EQ(m["subject"], subject);
  std::string body = m["body"];
  std::erase(body, '\r');
  EXPECT_EQ(body, "Hej!\n.En rad med punkt.\n") << "curl's dot-stuffing round-trips";
}

TEST_F(SmtpClientTest, AWrongPasswordIsATransientFailureOfTheServerAndSendsNothing) {
  testing::TestCa ca;
  SmtpSink sink(ca, "arshjul", "hemligt-587");
  SmtpClient client(StartTlsConfig(sink.port(), ca, "fel"));
  SmtpResult r = client.Send("arshjul@exempelkommun.se", "sara.lindqvist@exempelkommun.se",
                             Message("Test", "x", "<tls2@arshjul>"));
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient) << r.reply;
  EXPECT_TRUE(r.server_unreachable);
  EXPECT_NE(r.reply.find("inloggningen nekades"), std::string::npos) << r.reply;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, AnUntrustedCertificateIsRefusedBeforeTheLogin) {
  testing::TestCa ca;
  testing::TestCa other;
  SmtpSink sink(ca, "arshjul", "hemligt-587");
  SmtpClient client(StartTlsConfig(sink.port(), other, "hemligt-587"));
  SmtpResult r = client.Send("arshjul@exempelkommun.se", "sara.lindqvist@exempelkommun.se",
                             Message("Test", "x", "<tls3@arshjul>"));
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient) << r.reply;
  EXPECT_TRUE(r.server_unreachable);
  EXPECT_NE(r.reply.find("servercertifikatet godtogs inte"), std::string::npos) << r.reply;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, PlainSmtpToAServerThatRequiresStartTlsSendsNothing) {
  testing::TestCa ca;
  SmtpSink sink(ca, "arshjul", "hemligt-587");
  SmtpClient client(Config(sink.port()));
  SmtpResult r = client.Send("arshjul@exempelkommun.se", "sara.lindqvist@exempelkommun.se",
                             Message("Test", "x", "<tls4@arshjul>"));
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient) << r.reply;
  EXPECT_TRUE(r.server_unreachable);
  EXPECT_NE(r.reply.find("530"), std::string::npos) << r.reply;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_F(SmtpClientTest, ALoginIsNeverSentWithoutTls) {
  SmtpConfig c;
  c.username = "arshjul";
  EXPECT_NE(CheckSmtpConfig(c), "");
  c.security = SmtpSecurity::kStartTls;
  EXPECT_EQ(CheckSmtpConfig(c), "");
}

}  // namespace
}  // namespace arshjul::notify
