// A session: one connection. Reads a request under a deadline with body and
// header limits, answers it through the Api, and loops while the client keeps
// the connection alive; or streams the log as server-sent events.
#include <array>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/ssl.hpp>

#include "server_internal.h"

namespace arshjul::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// Stream is beast::tcp_stream (plain HTTP) or beast::ssl_stream<beast::tcp_stream>
// (HTTPS, after its handshake); the rest is the same, as in server-flex.
template <class Stream>
class SessionOn final : public Session, public std::enable_shared_from_this<SessionOn<Stream>> {
 public:
  template <class... Args>
  SessionOn(std::shared_ptr<Server::State> state, std::shared_ptr<asio::ssl::context> tls, tcp::socket socket,
            Args&&... args)
      : st_(std::move(state)),
        tls_(std::move(tls)),
        stream_(std::move(socket), std::forward<Args>(args)...),
        timer_(Lowest().get_executor()) {
    boost::system::error_code ec;
    auto ep = Lowest().socket().remote_endpoint(ec);
    remote_ = ec ? "okänd" : ep.address().to_string();
  }
  ~SessionOn() override { st_->api.metrics().ConnectionClosed(); }

  void Start() {
    st_->api.metrics().ConnectionOpened();
    if constexpr (kTls) {
      Lowest().expires_after(st_->options.request_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) {  // no TLS session to end: just close
          self->closed_ = true;
          return self->CloseSocket();
        }
        self->Read(self->st_->options.request_timeout);
      });
    } else {
      Read(st_->options.request_timeout);
    }
  }

  // Graceful shutdown: an idle connection or a stream closes now (its pending
  // wait is cancelled; the handler then closes); a request being read or
  // answered finishes first (Write closes afterwards).
  void Stop() override {
    if (streaming_) {
      timer_.cancel();
      Lowest().cancel();
    } else if (reading_ && parser_ && !parser_->got_some()) {
      Lowest().cancel();
    }
  }

 private:
  void Read(std::chrono::milliseconds timeout) {
    parser_.emplace();
    parser_->body_limit(st_->options.max_body_bytes);
    parser_->header_limit(st_->options.max_header_bytes);
    Lowest().expires_after(timeout);
    reading_ = true;
    beast_http::async_read(stream_, buffer_, *parser_,
                           [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    reading_ = false;
    if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || closed_) {
      return Close();
    }
    RequestInfo info{remote_, st_->ids.NewId().ToHex()};
    if (ec) return Refuse(ec, info);
    Request req = parser_->release();
    if (auto xff = req.find("X-Forwarded-For"); xff != req.end()) {
      info.remote = ClientAddress(remote_, std::string_view(xff->value().data(), xff->value().size()),
                                  st_->options.trusted_proxies);
    }
    if (st_->api.IsStreamRequest(req)) return OpenStream(std::move(req), info);
    // Answered now, or later from the command thread or password pool (workers.h).
    st_->api.HandleAsync(std::move(req), info, [self = this->shared_from_this()](Response res) {
      if (self->closed_) return;
      if (self->st_->stopping) res.keep_alive(false);
      self->Write(std::move(res));
    });
  }

  // A request that could not be read: too large, malformed.
  void Refuse(beast::error_code ec, const RequestInfo& info) {
    Request req;
    req.version(11);
    Problem p = MakeProblem(beast_http::status::bad_request, "begäran kunde inte tolkas: " + ec.message(), "", "http.parse");
    if (ec == beast_http::error::body_limit) {
      p = MakeProblem(beast_http::status::payload_too_large,
                      "innehållet får vara högst " + std::to_string(st_->options.max_body_bytes) + " byte", "body");
    } else if (ec == beast_http::error::header_limit) {
      p = MakeProblem(beast_http::status::request_header_fields_too_large,
                      "huvudena får vara högst " + std::to_string(st_->options.max_header_bytes) + " byte", "headers");
    }
    Response res = ProblemResponse(req, p);
    res.set("X-Request-Id", info.request_id);
    res.keep_alive(false);
    st_->api.metrics().Request("unreadable", static_cast<int>(res.result_int()), {});
    auto owned = std::make_shared<Response>(std::move(res));
    Lowest().expires_after(st_->options.write_timeout);
    beast_http::async_write(stream_, *owned, [self = this->shared_from_this(), owned](beast::error_code, size_t) {
      self->Linger();
    });
  }

  // After refusing a request whose body is still arriving: stop sending, read
  // and discard what the client still sends (for a short while), then close —
  // closing with unread data would reset the connection before the client
  // has read the refusal.
  void Linger() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    Lowest().expires_after(std::chrono::seconds(2));
    auto scratch = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(asio::buffer(*scratch), [self = this->shared_from_this(), scratch](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      self->Linger();
    });
  }

  void Write(Response res) {
    auto owned = std::make_shared<Response>(std::move(res));
    Lowest().expires_after(st_->options.write_timeout);
    beast_http::async_write(stream_, *owned, [self = this->shared_from_this(), owned](beast::error_code ec, size_t) {
      if (ec || !owned->keep_alive() || self->st_->stopping) return self->Close();
      self->Read(self->st_->options.idle_timeout);
    });
  }

  // ---- server-sent events: GET /api/v1/log/stream ----
  void OpenStream(Request req, const RequestInfo& info) {
    st_->api.OpenStreamAsync(std::move(req), info,
                             [self = this->shared_from_this(), info](std::variant<uint64_t, Response> opened) {
                               self->OnStreamOpened(std::move(opened), info);
                             });
  }

  void OnStreamOpened(std::variant<uint64_t, Response> opened, const RequestInfo& info) {
    if (closed_) return;
    if (auto* refused = std::get_if<Response>(&opened)) {
      refused->set("X-Request-Id", info.request_id);
      return Write(std::move(*refused));
    }
    next_ = std::get<uint64_t>(opened);
    streaming_ = true;
    out_ = "HTTP/1.1 200 OK\r\nServer: arshjul\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
           "Cache-Control: no-store\r\nConnection: close\r\nX-Request-Id: " + info.request_id + "\r\n\r\n" +
           "retry: 1000\n\n";
    last_sent_ = std::chrono::steady_clock::now();
    Send();
  }

  // Appends up to a page of new events to out_; true if there were any.
  bool Collect() {
    auto cursor = st_->api.store().ReadAll(next_, 256);
    bool any = false;
    for (;;) {
      auto more = cursor->Next();
      if (!more.ok() || !*more) break;
      const auto& e = cursor->event();
      out_ += "id: " + std::to_string(e.position) + "\nevent: " + e.type + "\ndata: " +
              st_->api.EventJson(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
      next_ = e.position + 1;
      any = true;
    }
    return any;
  }

  void Send() {
    if (closed_) return;
    Lowest().expires_after(st_->options.write_timeout);
    auto data = std::make_shared<std::string>(std::move(out_));
    out_.clear();
    asio::async_write(stream_, asio::buffer(*data), [self = this->shared_from_this(), data](beast::error_code ec, size_t) {
      if (ec || self->st_->stopping) return self->Close();
      self->last_sent_ = std::chrono::steady_clock::now();
      self->Pump();
    });
  }

  void Pump() {
    if (closed_) return;
    if (Collect()) return Send();
    if (std::chrono::steady_clock::now() - last_sent_ >= st_->options.stream_heartbeat) {
      out_ = ": heartbeat\n\n";
      return Send();
    }
    Lowest().expires_never();
    timer_.expires_after(st_->options.stream_poll);
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->st_->stopping) return self->Close();
      self->Pump();
    });
  }

  // Over TLS a close_notify first (bounded: a peer that does not answer it is
  // cut off), so the client can tell a clean end from a cut connection.
  void Close() {
    if (closed_) return;
    closed_ = true;
    if constexpr (kTls) {
      Lowest().expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->CloseSocket(); });
    } else {
      CloseSocket();
    }
  }

  void CloseSocket() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  std::shared_ptr<Server::State> st_;
  std::shared_ptr<asio::ssl::context> tls_;  // the context this connection started with (TLS only)
  Stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  std::string remote_;
  bool reading_ = false, streaming_ = false, closed_ = false;
  uint64_t next_ = 0;
  std::string out_;
  std::chrono::steady_clock::time_point last_sent_;
};

void StartSession(std::shared_ptr<Server::State> state, tcp::socket socket) {
  if (auto tls = state->tls) {
    auto session =
        std::make_shared<SessionOn<beast::ssl_stream<beast::tcp_stream>>>(state, tls, std::move(socket), *tls);
    state->sessions.push_back(session);
    session->Start();
  } else {
    auto session = std::make_shared<SessionOn<beast::tcp_stream>>(state, nullptr, std::move(socket));
    state->sessions.push_back(session);
    session->Start();
  }
}

}  // namespace arshjul::http
