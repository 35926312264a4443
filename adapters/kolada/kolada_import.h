// The Kolada import (docs/kolada.md): fetching every page of a request —
// following next_url/next_page until it is absent or repeats, at most 25 KPI
// ids per request and at most 5 requests a second — and turning the pages
// into commands: per organ, one KoladaResponseFetched per page (URL, fetch
// time, SHA-256 of the raw bytes), then one IndicatorMeasured per value for
// the indicator naming the KPI. What the log already holds is left out (the
// same response imported twice records nothing new).
// FetchPages does I/O through the fetcher it is given; PlanImport is pure.
// Neither is thread-safe across calls sharing a RateLimiter.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "arshjul/engine/command.h"
#include "arshjul/engine/domain_state.h"
#include "kolada_response.h"

namespace arshjul::kolada {

constexpr size_t kMaxIdsPerRequest = 25;
constexpr int kMaxRequestsPerSecond = 5;
constexpr size_t kMaxPages = 10000;

// Spaces requests so that no second holds more than kMaxRequestsPerSecond.
// Time comes from `clock`; waiting is `sleep` (the real one in main, a fake
// that advances a fake clock in tests).
class RateLimiter {
 public:
  RateLimiter(const Clock& clock, std::function<void(std::chrono::microseconds)> sleep)
      : clock_(clock), sleep_(std::move(sleep)) {}
  void Acquire();  // returns when one more request may be sent

 private:
  const Clock& clock_;
  std::function<void(std::chrono::microseconds)> sleep_;
  std::deque<Timestamp> recent_;
};

struct FetchedPage {
  std::string url;     // the request's address, or "fil:PATH" for a saved response
  std::string raw;     // the response bytes as received
  Timestamp fetched_at{};
  KoladaPage page;
};

// The raw body of a 200 answer, or a Status (a Swedish IOError naming the host).
using PageFetcher = std::function<Result<std::string>(const std::string& url)>;

// The first request's URL for each group of at most 25 KPI ids.
std::vector<std::string> RequestUrls(const std::string& base, const std::vector<std::string>& kpis,
                                     const std::string& municipality, const std::vector<int>& years);

// Fetches and parses every page; any malformed page fails the whole fetch.
Result<std::vector<FetchedPage>> FetchPages(const std::vector<std::string>& first_urls, const PageFetcher& fetch,
                                            RateLimiter& limiter, const Clock& clock);

struct ImportPlan {
  std::map<std::string, std::vector<engine::Command>> by_organ;  // each organ's commands, in order
  int values = 0, missing = 0, already = 0, ignored = 0;          // ignored: not asked for
};

// `who(organ)`: the actor recording for the organ. InvalidArgument naming
// --kpi when a KPI asked for names no indicator.
Result<ImportPlan> PlanImport(const engine::DomainState& state, const std::vector<FetchedPage>& pages,
                              const std::vector<std::string>& kpis, const std::string& municipality,
                              const std::vector<int>& years,
                              const std::function<storage::Actor(const std::string& organ)>& who);

}  // namespace arshjul::kolada
