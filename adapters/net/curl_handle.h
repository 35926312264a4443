// The libcurl layer shared by every outbound connection arshjul makes (HTTPS
// GET/POST in http_client.h, SMTP with STARTTLS and AUTH in the notify unit).
// Offers:
//   - EnsureCurlGlobalInit(): curl_global_init once per process (thread-safe);
//   - CurlEasy and CurlSlist: RAII owners of a CURL* and a curl_slist*;
//   - TlsOptions: certificate checks (always on unless a test says otherwise),
//     an optional CA bundle (a kommun's own CA, or a test CA) and minimum TLS 1.2;
//   - Timeouts: connect and whole-transfer bounds (a peer that trickles is cut off);
//   - ApplyCommonOptions(): the options every transfer gets (no signals, TLS,
//     timeouts, allowed protocols);
//   - CurlErrorText(): a Swedish description of a failed transfer.
// Each CurlEasy is used by one thread at a time; distinct handles may run in
// parallel threads.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace arshjul::net {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) the first time; later calls do nothing.
void EnsureCurlGlobalInit();

struct TlsOptions {
  // A PEM file of CA certificates to trust instead of the system's store
  // (/etc/ssl/certs); empty: the system's store.
  std::string ca_file;
  // Check the peer's certificate chain and that it names the host. Only tests
  // of the refusal turn this off; arshjul's configuration has no switch for it.
  bool verify_peer = true;
};

struct Timeouts {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds total{30000};  // the whole transfer, connect included
};

struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

// A new easy handle (after EnsureCurlGlobalInit); null only when curl is out of memory.
CurlEasy NewCurlEasy();

// A curl_slist owned for as long as the transfer that uses it.
class CurlSlist {
 public:
  CurlSlist() = default;
  CurlSlist(const CurlSlist&) = delete;
  CurlSlist& operator=(const CurlSlist&) = delete;
  ~CurlSlist() { curl_slist_free_all(list_); }
  void Append(const std::string& line) {
    if (curl_slist* next = curl_slist_append(list_, line.c_str())) list_ = next;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// NOSIGNAL, the TLS options, the timeouts and the protocols allowed
// (`protocols` as CURLOPT_PROTOCOLS_STR, e.g. "http,https" or "smtp,smtps").
// Redirects are not followed.
void ApplyCommonOptions(CURL* h, const TlsOptions& tls, const Timeouts& timeouts, const char* protocols);

// "anslutningen nekades", "tidsgränsen överskreds", … followed by curl's own
// detail (`error_buffer`, CURL_ERROR_SIZE bytes, may be empty).
std::string CurlErrorText(CURLcode code, std::string_view error_buffer);

}  // namespace arshjul::net
