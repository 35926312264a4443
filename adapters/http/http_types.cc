#include "http_types.h"

#include <cctype>

#include "arshjul/engine/access.h"

namespace arshjul::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Decode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      *out += ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      *out += c;
    }
  }
  return true;
}

const char* TitleFor(beast_http::status s) {
  switch (s) {
    case beast_http::status::bad_request: return "Felaktig begäran";
    case beast_http::status::unauthorized: return "Inloggning krävs";
    case beast_http::status::forbidden: return "Åtgärden är inte tillåten";
    case beast_http::status::not_found: return "Finns inte";
    case beast_http::status::method_not_allowed: return "Metoden stöds inte";
    case beast_http::status::conflict: return "Versionskonflikt";
    case beast_http::status::payload_too_large: return "För stor begäran";
    case beast_http::status::unsupported_media_type: return "Fel innehållstyp";
    case beast_http::status::unprocessable_entity: return "Avvisad av en regel";
    case beast_http::status::too_many_requests: return "För många försök";
    case beast_http::status::request_header_fields_too_large: return "För stora huvuden";
    case beast_http::status::service_unavailable: return "Tjänsten är upptagen";
    default: return "Internt fel";
  }
}

}  // namespace

void SetAttachment(Response& res, std::string name) {
  for (char& c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) c = '_';
  res.set(beast_http::field::content_disposition, "attachment; filename=\"" + name + "\"");
}

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Target ParseTarget(std::string_view target) {
  Target t;
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  if (!Decode(path, &t.path)) t.ok = false;
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    size_t eq = pair.find('=');
    std::string key, value;
    if (!Decode(pair.substr(0, eq), &key) ||
        (eq != std::string_view::npos && !Decode(pair.substr(eq + 1), &value))) {
      t.ok = false;
    }
    if (!key.empty()) t.query[key] = value;
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return t;
}

Response TextResponse(const Request& req, beast_http::status status, std::string content_type, std::string body) {
  Response res{status, req.version()};
  res.set(beast_http::field::server, "arshjul");
  res.set(beast_http::field::content_type, content_type);
  res.set(beast_http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response JsonResponse(const Request& req, beast_http::status status, const nlohmann::json& body) {
  return TextResponse(req, status, "application/json; charset=utf-8",
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Response ProblemResponse(const Request& req, const Problem& p) {
  nlohmann::json body = p.extra;
  body["type"] = "about:blank";
  body["title"] = p.title.empty() ? TitleFor(p.status) : p.title;
  body["status"] = static_cast<int>(p.status);
  if (!p.detail.empty()) body["detail"] = p.detail;
  if (!p.field.empty()) body["field"] = p.field;
  if (!p.rule.empty()) body["rule"] = p.rule;
  Response res = TextResponse(req, p.status, "application/problem+json; charset=utf-8",
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  if (p.status == beast_http::status::unauthorized) res.set(beast_http::field::www_authenticate, "Bearer realm=\"arshjul\"");
  return res;
}

Problem MakeProblem(beast_http::status status, std::string detail, std::string field, std::string rule) {
  Problem p;
  p.status = status;
  p.detail = std::move(detail);
  p.field = std::move(field);
  p.rule = std::move(rule);
  return p;
}

Problem ProblemFor(const Status& s) {
  beast_http::status code = beast_http::status::internal_server_error;
  switch (s.code()) {
    case StatusCode::kInvalidArgument: code = beast_http::status::bad_request; break;
    case StatusCode::kRejected:
      code = engine::IsAccessRule(s.rule()) ? beast_http::status::forbidden : beast_http::status::unprocessable_entity;
      break;
    case StatusCode::kConflict: code = beast_http::status::conflict; break;
    case StatusCode::kNotFound: code = beast_http::status::not_found; break;
    case StatusCode::kBusy: code = beast_http::status::service_unavailable; break;
    default: break;
  }
  return MakeProblem(code, s.message(), s.field(), s.rule());
}

}  // namespace arshjul::http
