#include "api_client.h"

// Boost 1.74 uses std::exchange without including <utility> (fails with GCC 12 in C++20).
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "exit_codes.h"

namespace arshjul::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

Result<ApiReply> CallApi(const std::string& server, const std::string& token, const std::string& method,
                         const std::string& path, const std::string& body) {
  if (!server.starts_with("http://")) {
    return Status::InvalidArgument("--server ska vara http://VÄRD:PORT (TLS sköts av en omvänd proxy)", "--server");
  }
  std::string hostport = server.substr(7);
  while (!hostport.empty() && hostport.back() == '/') hostport.pop_back();
  size_t colon = hostport.rfind(':');
  std::string host = colon == std::string::npos ? hostport : hostport.substr(0, colon);
  std::string port = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(60));
    stream.connect(resolver.resolve(host, port));
    bhttp::verb verb = method == "POST" ? bhttp::verb::post : method == "DELETE" ? bhttp::verb::delete_ : bhttp::verb::get;
    bhttp::request<bhttp::string_body> req{verb, path, 11};
    req.set(bhttp::field::host, hostport);
    if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
    if (method == "POST") {
      req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
    }
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    bhttp::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return ApiReply{static_cast<int>(parser.get().result_int()), parser.get().body()};
  } catch (const std::exception& e) {
    return Status::IOError("tjänsten på " + server + " svarar inte: " + e.what());
  }
}

int PrintReply(const ApiReply& reply, std::ostream& out, std::ostream& err) {
  if (reply.status >= 200 && reply.status < 300) {
    out << reply.body;
    return kExitOk;
  }
  nlohmann::json p = nlohmann::json::parse(reply.body, nullptr, false);
  err << "fel: " << (p.is_object() ? p.value("detail", p.value("title", reply.body)) : reply.body);
  if (p.is_object() && p.contains("field")) err << " (fält: " << p["field"].get<std::string>() << ")";
  if (p.is_object() && p.contains("rule")) err << " [regel: " << p["rule"].get<std::string>() << "]";
  err << " (HTTP " << reply.status << ")\n";
  if (reply.status == 409) return kExitConflict;
  return reply.status >= 400 && reply.status < 500 ? kExitRejected : kExitOther;
}

}  // namespace arshjul::cli
