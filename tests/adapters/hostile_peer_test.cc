// The SMTP and webhook clients against real hostile peers (tests/adapters/
// hostile_peer.py, a local process on a free port): an endless greeting line,
// a continuation line every 0.2 s forever, a flood of continuation lines, a
// webhook announcing a 2 GB body, an endless header, a trickled body. Each
// must end as a transient (retryable) failure within the conversation's
// deadline, without growing memory; and the reply parser's limits, alone.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <fstream>

#include "sinks.h"
#include "smtp_client.h"
#include "webhook_client.h"

namespace arshjul::notify {
namespace {

using testing::ChildProcess;
using testing::TempDir;

class HostilePeer {
 public:
  explicit HostilePeer(const std::string& mode) {
    child_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        "/usr/bin/python3", std::string(ARSHJUL_TEST_SCRIPTS) + "/hostile_peer.py", mode, dir_.Sub("port")});
    EXPECT_TRUE(testing::WaitForFile(dir_.Sub("port"), std::chrono::seconds(20))) << "hostile peer did not start";
    std::ifstream(dir_.Sub("port")) >> port_;
  }
  int port() const { return port_; }

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

SmtpResult SendTo(int port) {
  SmtpConfig c;
  c.port = static_cast<uint16_t>(port);
  c.timeout = std::chrono::milliseconds(1000);
  c.total_timeout = std::chrono::milliseconds(2000);
  SmtpClient client(c);
  return client.Send("arshjul@exempelkommun.se", "sara@exempelkommun.se", "Subject: x\r\n\r\nhej\r\n");
}

TEST(HostileSmtpPeer, EndlessGreetingLineIsATransientFailureWithBoundedMemory) {
  HostilePeer peer("endless_line");
  long before = PeakRssKb();
  SmtpResult r = SendTo(peer.port());
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient) << r.reply;
  EXPECT_TRUE(r.server_unreachable);
  EXPECT_LT(PeakRssKb() - before, 32 * 1024) << "the reply buffer grew";
}

TEST(HostileSmtpPeer, ContinuationLinesForeverEndAtTheConversationDeadline) {
  HostilePeer peer("slow_continuation");
  SmtpResult r = SendTo(peer.port());  // each line comes well within the 1 s step timeout
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient) << r.reply;
  EXPECT_TRUE(r.server_unreachable);
}

TEST(HostileSmtpPeer, AFloodOfContinuationLinesIsCut) {
  HostilePeer peer("many_lines");
  long before = PeakRssKb();
  SmtpResult r = SendTo(peer.port());
  EXPECT_EQ(r.kind, SmtpResult::Kind::kTransient) << r.reply;
  EXPECT_LT(PeakRssKb() - before, 32 * 1024);
}

WebhookResult PostTo(int port) {
  WebhookClient client("http://127.0.0.1:" + std::to_string(port) + "/hook", std::chrono::milliseconds(2000));
  return client.Post("{\"a\":1}", "key-1");
}

TEST(HostileWebhookPeer, AnnouncedTwoGigabyteBodyIsATransientFailure) {
  HostilePeer peer("huge_body");
  long before = PeakRssKb();
  WebhookResult r = PostTo(peer.port());
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient) << r.error;
  EXPECT_NE(r.status, 200);
  EXPECT_NE(r.error.find("svaret är för stort"), std::string::npos) << "refused by its announced length: " << r.error;
  EXPECT_LT(PeakRssKb() - before, 32 * 1024);
}

TEST(HostileWebhookPeer, EndlessHeaderIsATransientFailure) {
  HostilePeer peer("endless_header");
  long before = PeakRssKb();
  WebhookResult r = PostTo(peer.port());
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient) << r.error;
  EXPECT_LT(PeakRssKb() - before, 32 * 1024);
}

TEST(HostileWebhookPeer, TrickledBodyEndsAtTheDeadline) {
  HostilePeer peer("slow_body");  // a byte every 0.2 s: no single read waits long
  WebhookResult r = PostTo(peer.port());
  EXPECT_EQ(r.kind, WebhookResult::Kind::kTransient) << r.error;
  EXPECT_TRUE(r.unreachable);
}

}  // namespace
}  // namespace arshjul::notify
