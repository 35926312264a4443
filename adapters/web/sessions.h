// Sessions: who is logged in to the page. A session is an unguessable id (32
// random bytes, hex) in a cookie (HttpOnly, SameSite=Strict, Path=/, Secure
// under TLS) with its person and its CSRF token — the synchronizer token every
// form carries and every POST must echo. Sessions live in memory: a restart
// logs everyone out, which is the safe direction. They end at log-out or
// after `idle` without a request.
//
// Owns its table. Not thread-safe: used on the io_context's one thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "arshjul/storage/clock.h"

namespace arshjul::web {

inline constexpr const char* kSessionCookie = "arshjul_session";

struct Session {
  std::string id, person, csrf;
  Timestamp last_seen{};
};

class Sessions {
 public:
  explicit Sessions(std::chrono::minutes idle) : idle_(idle) {}
  // A new session for `person` (after their password was checked).
  Session Create(const std::string& person, Timestamp now);
  // The live session named by the request's Cookie header, touched; nullopt
  // when there is none, it is unknown or it has expired.
  std::optional<Session> Find(std::string_view cookie_header, Timestamp now);
  void Remove(const std::string& id);
  // The Set-Cookie value that sets (or, with an empty id, clears) the cookie.
  static std::string CookieValue(const std::string& id, bool secure);

 private:
  std::chrono::minutes idle_;
  std::map<std::string, Session> sessions_;
};

// The value of cookie `name` in a Cookie header, or "".
std::string CookieOf(std::string_view header, std::string_view name);

// `a == b` in time independent of where they differ (CSRF tokens).
bool SecretEquals(std::string_view a, std::string_view b);
// 32 random bytes as 64 hex characters (OpenSSL's RAND_bytes).
std::string RandomHex();

}  // namespace arshjul::web
