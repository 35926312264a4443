#include "filters.h"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/detail/base64.hpp>

#include "credentials.h"

namespace arshjul::http {

namespace {

// The address in its canonical text ("::ffff:10.0.0.1" stays as written), or
// "" when `text` is not an IP address.
std::string CanonicalAddress(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  return ec ? std::string() : address.to_string();
}

bool Trusted(const std::string& address, const std::vector<std::string>& trusted) {
  for (const auto& t : trusted)
    if (CanonicalAddress(t) == address) return true;
  return false;
}

}  // namespace

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  std::string client = peer;
  if (trusted_proxies.empty() || !Trusted(CanonicalAddress(peer), trusted_proxies)) return client;
  // From the right: each hop is believed while the one that added it is trusted.
  while (!forwarded_for.empty()) {
    size_t comma = forwarded_for.rfind(',');
    std::string_view entry = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    std::string address = CanonicalAddress(entry);
    if (address.empty()) return client;
    client = address;
    if (!Trusted(address, trusted_proxies)) return client;
  }
  return client;
}

std::string CheckTrustedProxies(const std::vector<std::string>& addresses) {
  for (const auto& a : addresses)
    if (CanonicalAddress(a).empty()) return "--trusted-proxy ska vara en IP-adress: '" + a + "'";
  return "";
}

void AuthFailureLimiter::Expire(std::deque<Timestamp>& times, Timestamp now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

void AuthFailureLimiter::Ended(const std::string& remote) {
  auto it = checking_.find(remote);
  if (it != checking_.end() && --it->second <= 0) checking_.erase(it);
}

bool AuthFailureLimiter::Limited(const std::string& remote, Timestamp now) {
  if (auto c = checking_.find(remote); c != checking_.end() && c->second >= max_) return true;
  auto it = failures_.find(remote);
  if (it == failures_.end()) return false;
  Expire(it->second, now);
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= max_;
}

void AuthFailureLimiter::Failed(const std::string& remote, Timestamp now) {
  auto& times = failures_[remote];
  Expire(times, now);
  times.push_back(now);
}

Caller CallerFor(const std::string& person, const engine::DomainState& state, engine::Date today) {
  return Caller{person, engine::ReadScopeOf(state.org, person, today), engine::IsAdministrator(state.org, person, today),
                engine::IsAuditor(state.org, person, today)};
}

namespace {

// "arshjul_<id>_<secret>" → id.
std::string TokenIdOf(std::string_view token) {
  if (!token.starts_with("arshjul_")) return {};
  std::string_view rest = token.substr(8);
  size_t sep = rest.find('_');
  if (sep == std::string_view::npos || sep > 64) return {};
  return std::string(rest.substr(0, sep));
}

}  // namespace

Authentication Authenticate(const Request& req, const engine::DomainState& state, engine::Date today) {
  Authentication a;
  auto header = req.find(beast_http::field::authorization);
  if (header == req.end()) return a;
  std::string_view value(header->value().data(), header->value().size());
  if (auto claim = ReadPasswordClaim(req, state)) return PasswordAuthentication(*claim, CheckPassword(*claim), state, today);
  a.presented = true;
  if (!value.starts_with("Bearer ")) {
    a.failure = "Authorization ska vara \"Bearer <token>\" eller \"Basic …\"";
    return a;
  }
  std::string_view token = value.substr(7);
  a.token_id = TokenIdOf(token);
  const engine::TokenRow* row = engine::FindActiveToken(state, cli::Sha256Hex(token), engine::kScopeApi, today);
  if (!row) {
    a.failure = "okänd, återkallad eller utgången token";
    return a;
  }
  a.caller = CallerFor(row->person, state, today);
  return a;
}

std::optional<PasswordClaim> ReadPasswordClaim(const Request& req, const engine::DomainState& state) {
  auto header = req.find(beast_http::field::authorization);
  if (header == req.end()) return std::nullopt;
  std::string_view value(header->value().data(), header->value().size());
  if (!value.starts_with("Basic ")) return std::nullopt;
  std::string_view encoded = value.substr(6);
  std::string decoded(boost::beast::detail::base64::decoded_size(encoded.size()), '\0');
  auto [written, read] = boost::beast::detail::base64::decode(decoded.data(), encoded.data(), encoded.size());
  decoded.resize(written);
  size_t colon = decoded.find(':');
  PasswordClaim claim;
  claim.person = decoded.substr(0, colon);
  if (colon != std::string::npos) claim.password = decoded.substr(colon + 1);
  if (auto hash = state.password_hashes.find(claim.person); colon != std::string::npos && hash != state.password_hashes.end())
    claim.hash = hash->second;
  return claim;
}

bool CheckPassword(const PasswordClaim& claim) {
  return !claim.hash.empty() && cli::VerifyPassword(claim.hash, claim.password);
}

Authentication PasswordAuthentication(const PasswordClaim& claim, bool verified, const engine::DomainState& state,
                                      engine::Date today) {
  Authentication a;
  a.presented = true;
  if (!verified) {
    a.failure = "fel person eller lösenord";
    return a;
  }
  a.caller = CallerFor(claim.person, state, today);
  return a;
}

std::optional<Problem> Authorize(Access access, const std::optional<Caller>& caller) {
  if (access == Access::kPublic || access == Access::kFeedKey) return std::nullopt;
  if (!caller) {
    return MakeProblem(beast_http::status::unauthorized, "ange en token: Authorization: Bearer <token>",
                       "Authorization", "access.authenticated");
  }
  switch (access) {
    case Access::kPerson: return std::nullopt;
    case Access::kOwnReminders:
      if (caller->scope != engine::ReadScope::kNothing) return std::nullopt;
      return MakeProblem(beast_http::status::forbidden, "personen finns inte i organisationen", "", "access.read");
    case Access::kReader:
      if (caller->scope == engine::ReadScope::kEverything) return std::nullopt;
      return MakeProblem(beast_http::status::forbidden,
                         "den som saknar roll i kommunen läser bara sina egna påminnelser (/api/v1/reminders)", "",
                         "access.read");
    case Access::kAdministrator:
      if (caller->administrator) return std::nullopt;
      return MakeProblem(beast_http::status::forbidden, "bara en systemförvaltare får göra detta", "",
                         "access.administrator");
    case Access::kAuditor:
      if (caller->auditor) return std::nullopt;
      return MakeProblem(beast_http::status::forbidden, "bara en revisor får hämta revisionspaketet", "",
                         "access.auditor");
    default: return std::nullopt;
  }
}

}  // namespace arshjul::http
