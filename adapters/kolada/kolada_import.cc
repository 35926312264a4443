#include "kolada_import.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "arshjul/engine/calendar.h"
#include "arshjul/storage/hash.h"

namespace arshjul::kolada {
namespace {
using nlohmann::json;

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

// The indicators naming each KPI.
std::map<std::string, std::vector<const engine::IndicatorRow*>> IndicatorsByKpi(const engine::DomainState& st) {
  std::map<std::string, std::vector<const engine::IndicatorRow*>> out;
  for (const auto& [id, ind] : st.indicators)
    if (!ind.kolada_kpi.empty()) out[ind.kolada_kpi].push_back(&ind);
  return out;
}

// Whether the indicator already holds this value for this year and gender.
bool AlreadyHeld(const engine::IndicatorRow& ind, engine::Date period_end, const KoladaValue& v) {
  for (const auto& m : ind.measurements) {
    if (m.period_end != period_end || m.gender != v.gender) continue;
    return m.missing == v.Missing() && (m.missing || m.value == *v.value);
  }
  return false;
}

engine::Command MeasureCommand(const engine::IndicatorRow& ind, const FetchedPage& p, const std::string& sha,
                               const KoladaValue& v, engine::Date period_end, const storage::Actor& actor) {
  json payload = {{"indicatorId", ind.id},
                  {"organ", ind.organ},
                  {"periodEnd", engine::ToString(period_end)},
                  {"source", p.url},
                  {"gender", v.gender},
                  {"missing", v.Missing()},
                  {"responseSha256", sha},
                  {"comment", "Kolada " + v.kpi + ", kommun " + v.municipality}};
  if (v.value) payload["value"] = *v.value;
  if (!v.status.empty()) payload["status"] = v.status;
  engine::Command c;
  c.name = "MeasureIndicator";
  c.command_id = "kolada/" + ind.id + "/" + std::to_string(v.period) + "/" + v.gender + "/" + sha.substr(0, 16);
  c.actor = actor;
  c.payload_json = payload.dump();
  return c;
}

engine::Command FetchedCommand(const std::string& organ, const FetchedPage& p, const std::string& sha,
                               const std::set<std::string>& kpis, const std::string& municipality,
                               const storage::Actor& actor) {
  json payload = {{"organ", organ},
                  {"url", p.url},
                  {"fetchedAt", FormatTimestamp(p.fetched_at)},
                  {"sha256", sha},
                  {"kpis", std::vector<std::string>(kpis.begin(), kpis.end())},
                  {"municipality", municipality},
                  {"values", static_cast<int>(p.page.values.size())}};
  engine::Command c;
  c.name = "RecordKoladaResponse";
  c.command_id = "kolada/" + organ + "/" + sha;
  c.actor = actor;
  c.payload_json = payload.dump();
  return c;
}

}  // namespace

void RateLimiter::Acquire() {
  Timestamp now = clock_.Now();
  while (!recent_.empty() && now - recent_.front() >= std::chrono::seconds(1)) recent_.pop_front();
  if (recent_.size() >= static_cast<size_t>(kMaxRequestsPerSecond)) {
    auto wait = std::chrono::duration_cast<std::chrono::microseconds>(recent_.front() + std::chrono::seconds(1) - now);
    sleep_(wait);
    now = clock_.Now();
    recent_.pop_front();
  }
  recent_.push_back(now);
}

std::vector<std::string> RequestUrls(const std::string& base, const std::vector<std::string>& kpis,
                                     const std::string& municipality, const std::vector<int>& years) {
  std::vector<std::string> year_texts;
  for (int y : years) year_texts.push_back(std::to_string(y));
  std::vector<std::string> urls;
  for (size_t i = 0; i < kpis.size(); i += kMaxIdsPerRequest) {
    std::vector<std::string> group(kpis.begin() + static_cast<long>(i),
                                   kpis.begin() + static_cast<long>(std::min(kpis.size(), i + kMaxIdsPerRequest)));
    urls.push_back(base + "/data/kpi/" + Join(group) + "/municipality/" + municipality + "/year/" + Join(year_texts));
  }
  return urls;
}

Result<std::vector<FetchedPage>> FetchPages(const std::vector<std::string>& first_urls, const PageFetcher& fetch,
                                            RateLimiter& limiter, const Clock& clock) {
  std::vector<FetchedPage> pages;
  std::set<std::string> seen;
  for (const std::string& first : first_urls) {
    for (std::string url = first; !url.empty() && seen.insert(url).second;) {
      if (pages.size() >= kMaxPages) {
        return Status::InvalidArgument("Kolada-svaret har fler än " + std::to_string(kMaxPages) + " sidor", "next_url");
      }
      limiter.Acquire();
      FetchedPage p;
      p.url = url;
      ARSHJUL_ASSIGN_OR_RETURN(p.raw, fetch(url));
      p.fetched_at = clock.Now();
      auto page = ParseKoladaPage(p.raw);
      if (!page.ok()) {
        return Status::InvalidArgument(page.status().message() + " (sida " + std::to_string(pages.size() + 1) + ": " +
                                           url + ")",
                                       page.status().field());
      }
      p.page = std::move(page).value();
      url = p.page.next_url;
      pages.push_back(std::move(p));
    }
  }
  return pages;
}

// Over 40 lines: one pass over pages and values, the per-organ fetch event
// emitted before the first value it holds; splitting it would pass five
// pieces of loop state around.
Result<ImportPlan> PlanImport(const engine::DomainState& state, const std::vector<FetchedPage>& pages,
                              const std::vector<std::string>& kpis, const std::string& municipality,
                              const std::vector<int>& years,
                              const std::function<storage::Actor(const std::string& organ)>& who) {
  auto by_kpi = IndicatorsByKpi(state);
  for (const auto& k : kpis) {
    if (!by_kpi.count(k)) {
      return Status::InvalidArgument("ingen indikator anger Kolada-nyckeltalet '" + k +
                                         "' (ange koladaKpi när indikatorn definieras)",
                                     "--kpi");
    }
  }
  std::set<std::string> asked(kpis.begin(), kpis.end());
  std::set<int> year_set(years.begin(), years.end());
  ImportPlan plan;
  std::set<std::string> planned;  // "indicator/year/gender" already in this plan (a later page repeats it)
  for (const FetchedPage& p : pages) {
    std::string sha = storage::HashToHex(storage::Sha256(p.raw));
    std::set<std::string> recorded_fetch;  // organs whose fetch event for this page is planned
    for (const KoladaValue& v : p.page.values) {
      if (!asked.count(v.kpi) || v.municipality != municipality || !year_set.count(v.period)) {
        ++plan.ignored;
        continue;
      }
      engine::Date period_end{std::chrono::year(v.period), std::chrono::December, std::chrono::day(31)};
      for (const engine::IndicatorRow* ind : by_kpi[v.kpi]) {
        std::string key = ind->id + "/" + std::to_string(v.period) + "/" + v.gender;
        if (AlreadyHeld(*ind, period_end, v) || !planned.insert(key).second) {
          ++plan.already;
          continue;
        }
        auto& commands = plan.by_organ[ind->organ];
        storage::Actor actor = who(ind->organ);
        if (recorded_fetch.insert(ind->organ).second && !state.kolada_responses.count(ind->organ + "/" + sha)) {
          commands.push_back(FetchedCommand(ind->organ, p, sha, asked, municipality, actor));
        }
        commands.push_back(MeasureCommand(*ind, p, sha, v, period_end, actor));
        ++plan.values;
        if (v.Missing()) ++plan.missing;
      }
    }
  }
  return plan;
}

}  // namespace arshjul::kolada
