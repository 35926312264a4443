#include "sessions.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>

namespace arshjul::web {

std::string RandomHex() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // no randomness: never hand out a guessable session
  std::string out;
  char buf[3];
  for (unsigned char b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Session Sessions::Create(const std::string& person, Timestamp now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now - it->second.last_seen > idle_ ? sessions_.erase(it) : std::next(it);
  }
  Session s{RandomHex(), person, RandomHex(), now};
  sessions_[s.id] = s;
  return s;
}

std::string CookieOf(std::string_view header, std::string_view name) {
  size_t at = 0;
  while (at < header.size()) {
    while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
    size_t end = header.find(';', at);
    std::string_view pair = header.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return std::string(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return "";
}

std::optional<Session> Sessions::Find(std::string_view header, Timestamp now) {
  std::string id = CookieOf(header, kSessionCookie);
  if (id.empty()) return std::nullopt;
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void Sessions::Remove(const std::string& id) { sessions_.erase(id); }

std::string Sessions::CookieValue(const std::string& id, bool secure) {
  std::string v = std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict";
  if (id.empty()) v += "; Max-Age=0";
  if (secure) v += "; Secure";
  return v;
}

}  // namespace arshjul::web
