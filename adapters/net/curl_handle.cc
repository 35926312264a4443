#include "curl_handle.h"

#include <mutex>

namespace arshjul::net {

void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlEasy NewCurlEasy() {
  EnsureCurlGlobalInit();
  return CurlEasy(curl_easy_init());
}

void ApplyCommonOptions(CURL* h, const TlsOptions& tls, const Timeouts& timeouts, const char* protocols) {
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts.connect.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts.total.count()));
  curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, tls.verify_peer ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, tls.verify_peer ? 2L : 0L);
  if (!tls.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, tls.ca_file.c_str());
}

std::string CurlErrorText(CURLcode code, std::string_view error_buffer) {
  std::string text;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: text = "okänd värd"; break;
    case CURLE_COULDNT_CONNECT: text = "anslutningen nekades"; break;
    case CURLE_OPERATION_TIMEDOUT: text = "tidsgränsen överskreds"; break;
    case CURLE_PEER_FAILED_VERIFICATION: text = "servercertifikatet godtogs inte"; break;
    case CURLE_SSL_CONNECT_ERROR: text = "TLS-handskakningen misslyckades"; break;
    case CURLE_SSL_CACERT_BADFILE: text = "CA-filen kunde inte läsas"; break;
    case CURLE_USE_SSL_FAILED: text = "servern erbjuder inte STARTTLS"; break;
    case CURLE_LOGIN_DENIED: text = "inloggningen nekades"; break;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED: text = "svaret är för stort"; break;
    case CURLE_UNSUPPORTED_PROTOCOL: text = "adressens protokoll stöds inte"; break;
    case CURLE_URL_MALFORMAT: text = "felaktig adress"; break;
    default: text = "överföringen misslyckades"; break;
  }
  std::string detail(error_buffer.substr(0, error_buffer.find('\0')));
  text += " (" + (detail.empty() ? std::string(curl_easy_strerror(code)) : detail) + ")";
  return text;
}

}  // namespace arshjul::net
