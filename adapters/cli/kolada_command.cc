#include "kolada_command.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "access_commands.h"
#include "api_client.h"
#include "command_json.h"
#include "http_types.h"
#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/storage/hash.h"
#include "exit_codes.h"
#include "http_client.h"
#include "kolada_import.h"

namespace arshjul::cli {
namespace {

struct KoladaOptions {
  std::vector<std::string> kpis, files;
  std::string municipality, years, base_url = "https://api.kolada.se/v3";
};

// "N15419,N15428" given once or as several values: each id once, in order.
std::vector<std::string> SplitIds(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (const auto& g : given) {
    std::stringstream in(g);
    for (std::string id; std::getline(in, id, ',');)
      if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

Result<std::vector<kolada::FetchedPage>> ReadSavedPages(const CliContext& ctx, const std::vector<std::string>& files) {
  std::vector<kolada::FetchedPage> pages;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return Status::InvalidArgument("kan inte läsa filen " + f, "--file");
    std::ostringstream buf;
    buf << in.rdbuf();
    kolada::FetchedPage p;
    p.url = "fil:" + std::filesystem::absolute(f).lexically_normal().string();
    p.raw = buf.str();
    p.fetched_at = ctx.clock->Now();
    auto page = kolada::ParseKoladaPage(p.raw);
    if (!page.ok()) return Status::InvalidArgument(page.status().message() + " (fil " + f + ")", page.status().field());
    p.page = std::move(page).value();
    pages.push_back(std::move(p));
  }
  return pages;
}

Result<std::vector<kolada::FetchedPage>> FetchLive(const CliContext& ctx, const KoladaOptions& o,
                                                   const std::vector<std::string>& kpis, const std::vector<int>& years) {
  if (!net::IsHttpUrl(o.base_url)) return Status::InvalidArgument("--base-url ska börja med http:// eller https://", "--base-url");
  net::HttpClient client;
  kolada::PageFetcher fetch = [&client](const std::string& url) -> Result<std::string> {
    ARSHJUL_ASSIGN_OR_RETURN(net::HttpResponse r, client.Get(url, {{"Accept", "application/json"}}));
    if (r.status != 200) return Status::IOError("Kolada svarade " + std::to_string(r.status) + " på " + url);
    return std::move(r.body);
  };
  kolada::RateLimiter limiter(*ctx.clock, [](std::chrono::microseconds d) { std::this_thread::sleep_for(d); });
  return kolada::FetchPages(kolada::RequestUrls(o.base_url, kpis, o.municipality, years), fetch, limiter, *ctx.clock);
}

// The caller's first role in `organ` today (Decide checks it again).
storage::Actor ActorFor(const engine::DomainState& st, const std::optional<std::string>& caller,
                        const std::string& organ, engine::Date today) {
  if (!caller) return {"system", "system", organ};
  for (const auto& h : st.org.holdings)
    if (h.person_id == *caller && h.organ == organ && h.ActiveOn(today)) return {*caller, h.role, organ};
  return {*caller, "(ingen roll i " + organ + ")", organ};
}

// Each organ's commands as one append, all or nothing, under an id naming
// their content (so the same import again records nothing): into the store,
// or with --server through the service (POST /api/v1/commands?atomic=ID).
int Record(const CliContext& ctx, engine::CommandHandler& handler, const kolada::ImportPlan& plan,
           const std::optional<std::string>& caller) {
  for (const auto& [organ, commands] : plan.by_organ) {
    std::string all;
    for (const auto& c : commands) all += c.payload_json + "\n";
    std::string id = "kolada-import/" + organ + "/" + storage::HashToHex(storage::Sha256(all));
    if (!ctx.server.empty()) {
      auto reply = CallApi(ctx.server, ctx.token, "POST", "/api/v1/commands?atomic=" + http::PercentEncode(id),
                           CommandsJson(commands));
      if (!reply.ok()) return ctx.Fail(reply.status());
      if (reply->status >= 300) return PrintReply(*reply, *ctx.out, *ctx.err);
      continue;
    }
    auto appended = handler.HandleAtomically(commands, id, nullptr, caller);
    if (!appended.ok()) return ctx.Fail(appended.status());
  }
  *ctx.out << plan.values << " värden registrerade (" << plan.missing << " saknade), " << plan.already
           << " fanns redan";
  if (plan.ignored) *ctx.out << ", " << plan.ignored << " ej efterfrågade";
  *ctx.out << "\n";
  return kExitOk;
}

int RunImport(const CliContext& ctx, const KoladaOptions& o) {
  std::vector<std::string> kpis = SplitIds(o.kpis);
  if (kpis.empty()) return ctx.Fail(Status::InvalidArgument("ange minst ett nyckeltal med --kpi", "--kpi"));
  auto years = ParseYears(o.years);
  if (!years.ok()) return ctx.Fail(years.status());
  // With --server the service records; the plan is made from the log as it
  // reads now (a read-only open beside the running service).
  auto opened = ctx.OpenStore(/*read_only=*/!ctx.server.empty());
  if (!opened.ok()) return ctx.Fail(ExplainBusy(opened.status()));
  engine::CommandHandler handler(**opened, *ctx.clock);
  if (Status st = handler.CatchUp(); !st.ok()) return ctx.Fail(st);
  auto caller = CliCaller(ctx, handler.state());
  if (!caller.ok()) return ctx.Fail(caller.status());
  auto pages = o.files.empty() ? FetchLive(ctx, o, kpis, *years) : ReadSavedPages(ctx, o.files);
  if (!pages.ok()) return ctx.Fail(pages.status());
  engine::Date today = engine::LocalDate(ctx.clock->Now());
  auto plan = kolada::PlanImport(handler.state(), *pages, kpis, o.municipality, *years, [&](const std::string& organ) {
    return ActorFor(handler.state(), *caller, organ, today);
  });
  if (!plan.ok()) return ctx.Fail(plan.status());
  return Record(ctx, handler, *plan, *caller);
}

}  // namespace

Result<std::vector<int>> ParseYears(const std::string& text) {
  auto bad = [&] {
    return Status::InvalidArgument("--years ska vara ÅÅÅÅ-ÅÅÅÅ eller ÅÅÅÅ,ÅÅÅÅ,…, inte '" + text + "'", "--years");
  };
  auto year = [](const std::string& s) -> int {
    if (s.size() != 4 || s.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::stoi(s);
  };
  std::vector<int> out;
  auto dash = text.find('-');
  if (dash != std::string::npos) {
    int from = year(text.substr(0, dash)), to = year(text.substr(dash + 1));
    if (!from || !to || to < from || to - from > 50) return bad();
    for (int y = from; y <= to; ++y) out.push_back(y);
    return out;
  }
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    int y = year(part);
    if (!y) return bad();
    out.push_back(y);
  }
  if (out.empty()) return bad();
  std::sort(out.begin(), out.end());
  return out;
}

void AddKoladaCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto o = std::make_shared<KoladaOptions>();
  auto* kolada = app.add_subcommand("kolada", "Nyckeltal från Kolada");
  kolada->require_subcommand(1);
  auto* import = kolada->add_subcommand("import", "Registrera Koladas värden som mätningar av indikatorerna som anger nyckeltalen");
  import->add_option("--kpi", o->kpis, "Nyckeltalens id (N15419 …), flera eller kommaseparerade")->required();
  import->add_option("--municipality", o->municipality, "Kommunens id i Kolada, t.ex. 1287")->required();
  import->add_option("--years", o->years, "År: ÅÅÅÅ-ÅÅÅÅ eller ÅÅÅÅ,ÅÅÅÅ")->required();
  import->add_option("--file", o->files, "Sparade svar (JSON) i stället för att hämta");
  import->add_option("--base-url", o->base_url, "Koladas API-adress")->capture_default_str();
  import->callback([&ctx, o, exit_code] { *exit_code = RunImport(ctx, *o); });
}

}  // namespace arshjul::cli
