// HttpClient: HTTP/1.1 GET and POST over http:// or https:// through libcurl,
// for arshjul's outbound calls (webhooks, the live Kolada fetch). Offers:
//   - Get(url, headers) and Post(url, body, content_type, headers);
//   - certificate checks on https (TlsOptions: the system's CAs or a CA file);
//   - connect and whole-transfer timeouts, so a peer that trickles is cut off;
//   - caps on the response's header and body size (a larger answer is an error,
//     read no further than the cap);
//   - redirects are not followed (a 3xx is returned as it is).
// A request that got an HTTP answer is a Result holding it, whatever its
// status; a request that got none (refused, timed out, bad certificate, answer
// over the caps) is an IOError Status with a Swedish message naming the host.
// Thread-safe: the client holds only its options; each call has its own handle.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "arshjul/storage/status.h"
#include "curl_handle.h"

namespace arshjul::net {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpOptions {
  TlsOptions tls;
  Timeouts timeouts;
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 8 * 1024 * 1024;
  std::string user_agent = "arshjul";
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;  // names as the server wrote them, in order
  std::string body;
  // The value of the first header named `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {}) : options_(std::move(options)) {}

  Result<HttpResponse> Get(const std::string& url, const HttpHeaders& headers = {}) const;
  Result<HttpResponse> Post(const std::string& url, const std::string& body, const std::string& content_type,
                            const HttpHeaders& headers = {}) const;

  const HttpOptions& options() const { return options_; }

 private:
  Result<HttpResponse> Perform(const std::string& url, const std::string* body, const std::string& content_type,
                               const HttpHeaders& headers) const;
  HttpOptions options_;
};

// True for "http://…" and "https://…" with a host.
bool IsHttpUrl(std::string_view url);

}  // namespace arshjul::net
