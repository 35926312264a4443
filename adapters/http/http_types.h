// The HTTP types the service's units share (Boost.Beast 1.74), and the Swedish
// RFC 9457 problem+json responses every error becomes (docs/api.md).
// Value types and free functions; thread-compatible.
#pragma once

// Boost 1.74 uses std::exchange without including <utility> (fails with GCC 12 in C++20).
#include <utility>

#include <boost/beast/http.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "arshjul/storage/status.h"

namespace arshjul::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// What a request carries besides the HTTP message: the peer and the request id
// (also put in the correlation id of the events the request records).
struct RequestInfo {
  std::string remote;      // the client's address: the peer's, or from a trusted proxy's X-Forwarded-For
  std::string request_id;  // 32 hex characters
};

// A request's path split from its query, the query decoded into parameters.
struct Target {
  std::string path;
  std::map<std::string, std::string> query;
  bool ok = true;  // false: bad percent-encoding
};
Target ParseTarget(std::string_view target);
// "%XX" for every byte outside RFC 3986's unreserved A-Z a-z 0-9 - _ . ~: a
// path segment's or query value's encoding (ParseTarget decodes it).
std::string PercentEncode(std::string_view text);

// A JSON response (Content-Type application/json; charset=utf-8).
Response JsonResponse(const Request& req, beast_http::status status, const nlohmann::json& body);
Response TextResponse(const Request& req, beast_http::status status, std::string content_type, std::string body);
// Marks `res` a download named `name`, every byte outside A-Z a-z 0-9 - .
// made '_' (so a query's value cannot break the header or the file name).
void SetAttachment(Response& res, std::string name);

// An RFC 9457 problem: status, Swedish title, detail, and the field and rule at fault.
struct Problem {
  beast_http::status status = beast_http::status::bad_request;
  std::string title;
  std::string detail;
  std::string field;
  std::string rule;
  nlohmann::json extra = nlohmann::json::object();  // further members
};
Response ProblemResponse(const Request& req, const Problem& problem);
// The problem a failed Status means: InvalidArgument 400, Rejected 422 (403 for
// an access rule), Conflict 409, NotFound 404, Busy 503, otherwise 500.
Problem ProblemFor(const Status& status);
Problem MakeProblem(beast_http::status status, std::string detail, std::string field = {}, std::string rule = {});

}  // namespace arshjul::http
