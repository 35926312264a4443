// What the listener and the sessions share (server.cc, session.cc). Internal.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <list>

#include "server.h"

namespace arshjul::http {

// What the listener knows of a session (plain or TLS).
class Session {
 public:
  virtual ~Session() = default;
  virtual void Stop() = 0;
};

struct Server::State {
  boost::asio::io_context& io;
  Api& api;
  IdSource& ids;
  ServerOptions options;
  std::function<void(const std::string&)> log;
  boost::asio::ip::tcp::acceptor acceptor;
  bool stopping = false;
  std::list<std::weak_ptr<Session>> sessions;  // open connections, for Stop and the limit
  size_t open = 0;
  // Set: every connection is TLS. Replaced by ReloadTls; a session keeps the
  // context it started with (shared) until it ends.
  std::shared_ptr<boost::asio::ssl::context> tls;

  State(boost::asio::io_context& io_, Api& api_, IdSource& ids_, ServerOptions o, std::function<void(const std::string&)> l)
      : io(io_), api(api_), ids(ids_), options(std::move(o)), log(std::move(l)), acceptor(io_) {}
};

// Starts a session on an accepted socket.
void StartSession(std::shared_ptr<Server::State> state, boost::asio::ip::tcp::socket socket);

}  // namespace arshjul::http
