#include "http_client.h"

#include <strings.h>

namespace arshjul::net {
namespace {

// What the callbacks collect; `too_large` makes them stop the transfer.
struct Collected {
  const HttpOptions* options;
  HttpResponse response;
  size_t header_bytes = 0;
  bool too_large = false;
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Collected*>(user);
  size_t len = size * n;
  c->header_bytes += len;
  if (c->header_bytes > c->options->max_header_bytes) {
    c->too_large = true;
    return 0;
  }
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    c->response.headers.clear();  // a new response (after a 100 Continue)
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  c->response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return len;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Collected*>(user);
  size_t len = size * n;
  if (c->response.body.size() + len > c->options->max_body_bytes) {
    c->too_large = true;
    return 0;
  }
  c->response.body.append(data, len);
  return len;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  return "";
}

bool IsHttpUrl(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.substr(0, scheme.size()) == scheme) {
      std::string_view rest = url.substr(scheme.size());
      return !rest.empty() && rest.front() != '/' && rest.front() != ':';
    }
  }
  return false;
}

Result<HttpResponse> HttpClient::Get(const std::string& url, const HttpHeaders& headers) const {
  return Perform(url, nullptr, "", headers);
}

Result<HttpResponse> HttpClient::Post(const std::string& url, const std::string& body,
                                      const std::string& content_type, const HttpHeaders& headers) const {
  return Perform(url, &body, content_type, headers);
}

Result<HttpResponse> HttpClient::Perform(const std::string& url, const std::string* body,
                                         const std::string& content_type, const HttpHeaders& headers) const {
  if (!IsHttpUrl(url)) return Status::InvalidArgument("adressen måste börja med http:// eller https://: " + url, "url");
  CurlEasy h = NewCurlEasy();
  if (!h) return Status::IOError("libcurl kunde inte starta en överföring");
  ApplyCommonOptions(h.get(), options_.tls, options_.timeouts, "http,https");
  Collected collected{&options_, {}, 0, false};
  char error[CURL_ERROR_SIZE] = {};
  CurlSlist header_list;
  for (const auto& [name, value] : headers) header_list.Append(name + ": " + value);
  if (body) {
    header_list.Append("Content-Type: " + content_type);
    header_list.Append("Expect:");  // no 100-continue round trip
    curl_easy_setopt(h.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(h.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  }
  curl_easy_setopt(h.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h.get(), CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(h.get(), CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h.get(), CURLOPT_HEADERDATA, &collected);
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &collected);
  CURLcode rc = curl_easy_perform(h.get());
  if (rc != CURLE_OK) {
    std::string what = collected.too_large ? "svaret är för stort" : CurlErrorText(rc, error);
    return Status::IOError(HostOf(url) + ": " + what);
  }
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  collected.response.status = static_cast<int>(status);
  return std::move(collected.response);
}

}  // namespace arshjul::net
