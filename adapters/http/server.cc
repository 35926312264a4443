#include <boost/asio/write.hpp>
#include <openssl/ssl.h>

#include "server_internal.h"

namespace arshjul::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

void Accept(std::shared_ptr<Server::State> st) {
  st->acceptor.async_accept(st->io, [st](boost::system::error_code ec, tcp::socket socket) {
    if (ec || st->stopping) return;
    st->sessions.remove_if([](const std::weak_ptr<Session>& w) { return w.expired(); });
    if (st->sessions.size() >= st->options.max_connections) {
      static const std::string kBody =
          "{\"type\":\"about:blank\",\"title\":\"Tjänsten är upptagen\",\"status\":503,"
          "\"detail\":\"för många anslutningar\"}";
      static const std::string kBusy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json; charset=utf-8\r\n"
          "Connection: close\r\nRetry-After: 1\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
      boost::system::error_code ignored;
      asio::write(socket, asio::buffer(kBusy), ignored);
      socket.close(ignored);
    } else {
      StartSession(st, std::move(socket));
    }
    Accept(st);
  });
}

// A TLS server context (TLS 1.2 or later) from PEM files.
Result<std::shared_ptr<asio::ssl::context>> MakeTlsContext(const ServerOptions& o) {
  auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  boost::system::error_code ec;
  tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1,
                   ec);
  if (!ec) tls->use_certificate_chain_file(o.tls_cert, ec);
  if (ec) return Status::InvalidArgument("certifikatet kunde inte läsas: " + ec.message(), "--tls-cert");
  tls->use_private_key_file(o.tls_key, asio::ssl::context::pem, ec);
  if (ec) return Status::InvalidArgument("nyckeln kunde inte läsas: " + ec.message(), "--tls-key");
  if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
    return Status::InvalidArgument("nyckeln hör inte till certifikatet", "--tls-key");
  }
  return tls;
}

}  // namespace

Server::Server(asio::io_context& io, Api& api, IdSource& ids, ServerOptions options,
               std::function<void(const std::string&)> log)
    : state_(std::make_shared<State>(io, api, ids, std::move(options), std::move(log))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  if (!state_->options.tls_cert.empty() || !state_->options.tls_key.empty()) {
    auto tls = MakeTlsContext(state_->options);
    if (!tls.ok()) return tls.status();
    state_->tls = std::move(tls).value();
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(state_->options.address, ec);
  if (ec) return Status::InvalidArgument("ogiltig adress '" + state_->options.address + "'", "--listen");
  tcp::endpoint endpoint(address, state_->options.port);
  auto& a = state_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IOError("kan inte lyssna på " + state_->options.address + ":" +
                           std::to_string(state_->options.port) + ": " + ec.message());
  }
  Accept(state_);
  return Status::Ok();
}

uint16_t Server::port() const {
  boost::system::error_code ec;
  auto ep = state_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

Status Server::ReloadTls() {
  if (!state_->tls) return Status::Ok();
  auto tls = MakeTlsContext(state_->options);
  if (!tls.ok()) return tls.status();
  state_->tls = std::move(tls).value();
  return Status::Ok();
}

void Server::Stop() {
  if (state_->stopping) return;
  state_->stopping = true;
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
  for (auto& w : state_->sessions)
    if (auto s = w.lock()) s->Stop();
}

}  // namespace arshjul::http
