#include "metrics.h"

#include <cstdio>
#include <sstream>

namespace arshjul::http {

void Metrics::Request(const std::string& route, int status, std::chrono::microseconds duration) {
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  double seconds = static_cast<double>(duration.count()) / 1e6;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render(const Gauges& g) const {
  std::ostringstream o;
  o << "# HELP arshjul_http_requests_total HTTP requests by route and status.\n"
       "# TYPE arshjul_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    o << "arshjul_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  o << "# HELP arshjul_http_request_duration_seconds Time from a complete request to its response.\n"
       "# TYPE arshjul_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      char le[32];
      std::snprintf(le, sizeof le, "%g", kBuckets[i]);
      o << "arshjul_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << le << "\"} "
        << h.counts[i] << "\n";
    }
    o << "arshjul_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n";
    o << "arshjul_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    o << "arshjul_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  o << "# HELP arshjul_events_appended_total Events recorded through the API.\n"
       "# TYPE arshjul_events_appended_total counter\n"
    << "arshjul_events_appended_total " << appended_ << "\n"
    << "# HELP arshjul_authentication_failures_total Refused tokens and passwords.\n"
       "# TYPE arshjul_authentication_failures_total counter\n"
    << "arshjul_authentication_failures_total " << auth_failures_ << "\n"
    << "# HELP arshjul_http_connections Open HTTP connections.\n# TYPE arshjul_http_connections gauge\n"
    << "arshjul_http_connections " << connections_ << "\n"
    << "# HELP arshjul_reminders_sent_total Deliveries of reminders, escalations and findings that succeeded.\n"
       "# TYPE arshjul_reminders_sent_total counter\n"
    << "arshjul_reminders_sent_total " << g.reminders_sent << "\n"
    << "# HELP arshjul_reminders_failed_total Deliveries refused for good.\n"
       "# TYPE arshjul_reminders_failed_total counter\n"
    << "arshjul_reminders_failed_total " << g.reminders_failed << "\n"
    << "# HELP arshjul_store_bytes Size of the store on disk.\n# TYPE arshjul_store_bytes gauge\n"
    << "arshjul_store_bytes " << g.store_bytes << "\n";
  if (g.has_head) {
    o << "# HELP arshjul_log_head_position Position of the last event in the log.\n"
         "# TYPE arshjul_log_head_position gauge\n"
      << "arshjul_log_head_position " << g.head_position << "\n";
  }
  return o.str();
}

}  // namespace arshjul::http
