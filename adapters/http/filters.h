// The request filters, each a plain function or a small class testable alone
// (Envoy's filter chain as functions): the rate limit on authentication
// failures, authentication (a Bearer token, or Basic with a page password),
// and the authorisation of a route's access level against what the caller
// may read (engine/access.h holds the rules). Not thread-safe: used on the
// io_context's thread.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/access.h"
#include "arshjul/engine/domain_state.h"
#include "http_types.h"

namespace arshjul::http {

// The client's address for rate limiting and logs. Behind the kommun's
// reverse proxy every request comes from the proxy's address; the proxy names
// the client in X-Forwarded-For ("client, proxy1, proxy2": each hop appends
// the address it received from). Only when `peer` is one of `trusted_proxies`
// is the header believed: then the rightmost address in it that is not itself
// a trusted proxy is the client (what a client writes at the left cannot
// choose it). An untrusted peer, no header, or an entry that is not an IP
// address: `peer` itself (or the last trusted hop before the bad entry).
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);
// "" when every entry is an IPv4 or IPv6 address, else the Swedish complaint
// (for --trusted-proxy).
std::string CheckTrustedProxies(const std::vector<std::string>& addresses);

// Counts authentication failures per client address (ClientAddress); a peer with `max_failures`
// within `window` is refused (429) until the window has passed. Password checks
// run off the io thread, so attempts sent at once would all pass Limited before
// the first failure is counted: a peer with `max_failures` checks still running
// is refused too.
class AuthFailureLimiter {
 public:
  AuthFailureLimiter(int max_failures, std::chrono::seconds window) : max_(max_failures), window_(window) {}
  bool Limited(const std::string& remote, Timestamp now);
  void Failed(const std::string& remote, Timestamp now);
  // A password check for `remote` was started / has ended (each Started once Ended).
  void Started(const std::string& remote) { ++checking_[remote]; }
  void Ended(const std::string& remote);

 private:
  void Expire(std::deque<Timestamp>& times, Timestamp now) const;
  int max_;
  std::chrono::seconds window_;
  std::map<std::string, std::deque<Timestamp>> failures_;
  std::map<std::string, int> checking_;  // password checks running, per peer
};

struct Caller {
  std::string person;
  engine::ReadScope scope = engine::ReadScope::kNothing;
  bool administrator = false;
  bool auditor = false;  // holds the revisor role that day
};

struct Authentication {
  std::optional<Caller> caller;  // set when credentials were presented and are valid
  bool presented = false;        // credentials were presented (valid or not)
  std::string failure;           // why presented credentials were refused (Swedish)
  std::string token_id;          // the token id presented, if it could be read
};
// The caller `person` is on `today`: what they may read, whether they administer.
Caller CallerFor(const std::string& person, const engine::DomainState& state, engine::Date today);

// Reads the Authorization header: "Bearer <token>" (an API token) or "Basic
// <person:password>" (a page password, checked here: slow, see PasswordClaim).
Authentication Authenticate(const Request& req, const engine::DomainState& state, engine::Date today);

// A page password presented with "Basic": the person claimed, the password,
// and the stored Argon2id hash to check it against ("" when the person has
// none). Checking takes tens of milliseconds by design: the service does it on
// its password pool (workers.h), then calls PasswordAuthentication.
struct PasswordClaim {
  std::string person, password, hash;
};
std::optional<PasswordClaim> ReadPasswordClaim(const Request& req, const engine::DomainState& state);
bool CheckPassword(const PasswordClaim& claim);  // thread-safe
Authentication PasswordAuthentication(const PasswordClaim& claim, bool verified, const engine::DomainState& state,
                                      engine::Date today);

// Who may use a route.
enum class Access {
  kPublic,         // anyone (healthz)
  kFeedKey,        // the feed's read key in ?key= (iCalendar feeds)
  kPerson,         // any authenticated person; the engine decides the rest (commands)
  kOwnReminders,   // any authenticated person registered in the organisation
  kReader,         // a person holding a role that day (revisorer included)
  kAdministrator,  // the administrator role that day
  kAuditor,        // the revisor role that day (the revision package)
};
// A problem (401 or 403) when `caller` may not use a route of `access`.
std::optional<Problem> Authorize(Access access, const std::optional<Caller>& caller);

}  // namespace arshjul::http
