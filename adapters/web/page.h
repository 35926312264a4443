// Page: the web pages people use, served by `arshjul serve` under / beside the
// API (docs/page.md): log-in with a page password, Mina uppgifter, Årshjulet
// (an SVG wheel), Uppsikt, Beslut och uppdrag, Revision, Rapporter and the
// forms for the everyday commands. Server-rendered HTML and SVG, no JavaScript; every page
// is complete in one request.
//
// The page holds no view logic of its own: it reads through the API's routes
// (Api::HandleAs, as the logged-in person, so the same authorisation applies)
// and renders the JSON the API serves; forms become the same commands
// POST /api/v1/commands takes. Borrows the Api (must outlive it); owns the
// sessions. Not thread-safe: used on the io_context's one thread.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "api.h"
#include "sessions.h"

namespace arshjul::web {

// A form's command, posted by Page::HandleAsync through the API's command
// thread; `then` renders the page from the API's answer (status and JSON).
struct PendingCommand {
  nlohmann::json command;
  std::string person;
  std::function<http::Response(int status, const nlohmann::json& body)> then;
};

// An API read that can take seconds (a long read: GET /api/v1/verify) for
// a page that shows it: Page::HandleAsync has the API answer it off the io
// thread (its long-reads thread), then `then` renders the page with it.
struct PendingRead {
  std::string api_target;
  std::string person;
  std::function<http::Response(http::Response)> then;
};

struct PageOptions {
  bool secure_cookies = false;  // the service speaks TLS: cookies get Secure
  std::chrono::minutes session_idle{8 * 60};
};

class Page {
 public:
  Page(http::Api& api, PageOptions options);
  // Answers any request outside /api/ through `done`, on the io thread: at
  // once, or later, so that the io thread serves others meanwhile: a form
  // log-in after its Argon2id check (on the API's password pool), a form's
  // command after the API has appended it (on its command thread), the
  // Revision view after the API has verified the log (on its long-reads
  // thread). `req` and
  // `info` must live until `done` is called. Never throws.
  void HandleAsync(const http::Request& req, const http::RequestInfo& info, http::Api::PageDone done);

 private:
  // A form log-in whose password is still to be checked.
  struct LogIn {
    std::string person, password, cookie_token, municipality;
  };
  std::variant<http::Response, LogIn, PendingCommand, PendingRead> Handle(const http::Request& req, const http::RequestInfo& info);
  http::Response LoginPage(const http::Request& req, http::beast_http::status st, const LogIn& login, const std::string& error) const;
  http::Response LoggedIn(const http::Request& req, const http::RequestInfo& info, const LogIn& login,
                          const std::variant<http::Caller, http::Response>& checked);

  http::Api& api_;
  PageOptions options_;
  Sessions sessions_;
};

}  // namespace arshjul::web
