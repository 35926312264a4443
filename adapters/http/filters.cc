#include "filters.h"

#include <boost/beast/core/detail/base64.hpp>

#include "credentials.h"

namespace arshjul::http {

void AuthFailureLimiter::Expire(std::deque<Timestamp>& times, Timestamp now) const {
  while (!times.empty() && times.front() + window_ <= now) times.pop_front();
}

bool AuthFailureLimiter::Limited(const std::string& remote, Timestamp now) {
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
  return Caller{person, engine::ReadScopeOf(state.org, person, today), engine::IsAdministrator(state.org, person, today)};
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

Authentication Basic(std::string_view encoded, const engine::DomainState& state, engine::Date today) {
  Authentication a;
  a.presented = true;
  std::string decoded(boost::beast::detail::base64::decoded_size(encoded.size()), '\0');
  auto [written, read] = boost::beast::detail::base64::decode(decoded.data(), encoded.data(), encoded.size());
  decoded.resize(written);
  size_t colon = decoded.find(':');
  std::string person = decoded.substr(0, colon);
  auto hash = state.password_hashes.find(person);
  if (colon == std::string::npos || hash == state.password_hashes.end() ||
      !cli::VerifyPassword(hash->second, std::string_view(decoded).substr(colon + 1))) {
    a.failure = "fel person eller lösenord";
    return a;
  }
  a.caller = CallerFor(person, state, today);
  return a;
}

}  // namespace

Authentication Authenticate(const Request& req, const engine::DomainState& state, engine::Date today) {
  Authentication a;
  auto header = req.find(beast_http::field::authorization);
  if (header == req.end()) return a;
  std::string_view value(header->value().data(), header->value().size());
  if (value.starts_with("Basic ")) return Basic(value.substr(6), state, today);
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
    default: return std::nullopt;
  }
}

}  // namespace arshjul::http
