#include "request_fuzz_target.h"

#include <string>

#include "arshjul/engine/event_catalog.h"
#include "command_json.h"
#include "http_types.h"

namespace arshjul::fuzz {

namespace bhttp = boost::beast::http;

namespace {

void DecodeCommands(const std::string& text) {
  auto commands = cli::ParseCommands(text);
  if (!commands.ok()) return;
  for (const auto& c : *commands) {
    const engine::EventSpec* spec = engine::FindByCommand(c.name);
    if (!spec) continue;
    auto payload = spec->encode(c.payload_json);
    if (!payload.ok()) continue;
    (void)spec->to_json(*payload);
    (void)spec->organ(*payload);
    (void)spec->date(*payload);
  }
}

}  // namespace

int FuzzRequest(const uint8_t* data, size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(1 << 20);
  parser.header_limit(16 << 10);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && parser.is_header_done()) {
    const auto& req = parser.get();
    http::Target t = http::ParseTarget(std::string_view(req.target().data(), req.target().size()));
    (void)t;
    if (parser.is_done()) DecodeCommands(req.body());
  }
  // The body alone, as POST /commands and `record` read it.
  DecodeCommands(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}

}  // namespace arshjul::fuzz
