// Server: the HTTP/1.1 listener and its sessions (the shape of Boost.Beast's
// example/advanced/server-flex, plain TCP): one io_context — the same one the
// reminder service's timer runs on — a listener that accepts up to a
// connection limit, and a session per connection that reads each request
// with a body and header limit under a deadline (so a slow client is cut off
// and never holds anything), hands it to the Api and writes the response;
// GET /api/v1/log/stream turns the session into a server-sent event stream.
//
// Stop() is the graceful shutdown: no new connections, idle connections and
// streams closed (over TLS with a close_notify, so the client sees a clean
// end), a request being read, decided or written finishes. Borrows the
// io_context and the Api. Not thread-safe: used on the io_context's thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "api.h"

namespace arshjul::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: a free port (see Server::port)
  size_t max_body_bytes = 1 << 20;
  uint32_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds request_timeout{10'000};  // to read one whole request (slow-loris bound)
  std::chrono::milliseconds idle_timeout{30'000};     // between requests on a kept-alive connection
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_connections = 256;
  std::chrono::milliseconds stream_poll{100};         // how often an event stream looks for new events
  std::chrono::milliseconds stream_heartbeat{15'000};
  std::string tls_cert, tls_key;  // PEM files; both set: HTTPS (TLS 1.2 or later) instead of HTTP
  // Reverse proxies whose X-Forwarded-For names the client (filters.h ClientAddress).
  std::vector<std::string> trusted_proxies;
};

class Server {
 public:
  Server(boost::asio::io_context& io, Api& api, IdSource& ids, ServerOptions options,
         std::function<void(const std::string&)> log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. IOError (naming the address) when it cannot bind.
  Status Start();
  uint16_t port() const;
  // Reads --tls-cert and --tls-key again (after the certificate was renewed;
  // serve does it on SIGHUP): new connections get the new certificate, open
  // ones keep theirs. When the files cannot be read, the old certificate stays
  // and the Status says why. Nothing to do without TLS.
  Status ReloadTls();
  void Stop();

  struct State;  // shared with the sessions (server.cc)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace arshjul::http
