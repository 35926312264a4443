#include "report_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "arshjul/engine/command_handler.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/engine/report.h"
#include "drawn_report.h"
#include "exit_codes.h"
#include "show_command.h"

namespace arshjul::cli {
namespace {

struct ReportOptions : ReportQuery {
  std::string out;
};

Result<std::string> Render(const report::DrawnReport& drawn, const std::string& format) {
  if (format == "json") return report::RenderJson(drawn);
  if (format == "html") return report::RenderHtml(drawn);
  if (format == "pdf") return report::RenderPdf(drawn);
  return report::RenderXlsx(drawn);
}

// Writes next to the target and renames, so a failed write leaves no half file.
Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::IOError("kunde inte skriva " + path);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    return Status::IOError("kunde inte skriva " + path + ": " + ec.message());
  }
  return Status::Ok();
}

Result<engine::ReportRequest> ParseRequest(const ReportQuery& o) {
  engine::ReportRequest r;
  auto kind = engine::ParseReportKind(o.kind);
  if (!kind) {
    return Status::InvalidArgument("okänd rapport '" + o.kind +
                                       "' (välj delarsrapport, arsredovisning, uppsikt eller verkstallighet)",
                                   "RAPPORT");
  }
  r.kind = *kind;
  r.organ = o.organ;
  ARSHJUL_RETURN_IF_ERROR(ParseReportPeriod(o.period, &r.period_from, &r.period_to));
  r.as_of = r.period_to;
  if (!o.as_of.empty()) {
    auto d = engine::ParseDate(o.as_of);
    if (!d) return Status::InvalidArgument("--as-of ska vara ett datum (ÅÅÅÅ-MM-DD), inte '" + o.as_of + "'", "--as-of");
    r.as_of = *d;
  }
  if (o.format != "html" && o.format != "pdf" && o.format != "xlsx" && o.format != "json") {
    return Status::InvalidArgument("okänt format '" + o.format + "' (välj html, pdf, xlsx eller json)", "--format");
  }
  return r;
}

int RunReport(const CliContext& ctx, const ReportOptions& o) {
  if (auto request = ParseRequest(o); !request.ok()) return ctx.Fail(request.status());  // before opening the store
  auto store = ctx.OpenStore(/*read_only=*/true);
  if (!store.ok()) return ctx.Fail(store.status());
  size_t citations = 0;
  auto bytes = DrawReportBytes(**store, o, &citations);
  if (!bytes.ok()) return ctx.Fail(bytes.status());
  if (o.out.empty()) {
    ctx.out->write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    return kExitOk;
  }
  if (Status st = WriteFileAtomically(o.out, *bytes); !st.ok()) return ctx.Fail(st);
  *ctx.err << "skrev " << o.out << " (" << bytes->size() << " byte, " << citations << " källhänvisningar)\n";
  return kExitOk;
}

}  // namespace

Result<std::string> DrawReportBytes(storage::EventStore& store, const ReportQuery& query, size_t* citations) {
  ARSHJUL_ASSIGN_OR_RETURN(engine::ReportRequest request, ParseRequest(query));
  engine::ReplayFilter filter;
  Timestamp end_of_day;
  ParseShowPointInTime(engine::ToString(request.as_of), &end_of_day);
  filter.as_of = end_of_day;
  ARSHJUL_ASSIGN_OR_RETURN(auto state, engine::Replay(store, filter));
  ARSHJUL_ASSIGN_OR_RETURN(auto model, engine::DrawReport(state, request));
  ARSHJUL_ASSIGN_OR_RETURN(auto drawn, report::FetchProofs(store, std::move(model)));
  if (citations != nullptr) *citations = drawn.citations.size();
  return Render(drawn, query.format);
}

std::string ReportMediaType(const std::string& format) {
  if (format == "json") return "application/json";
  if (format == "pdf") return "application/pdf";
  if (format == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "text/html; charset=utf-8";
}

Status ParseReportPeriod(const std::string& text, engine::Date* from, engine::Date* to) {
  using namespace std::chrono;
  auto bad = [&] {
    return Status::InvalidArgument("perioden ska vara ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD, inte '" + text + "'",
                                   "--period");
  };
  auto dots = text.find("..");
  if (dots != std::string::npos) {
    auto a = engine::ParseDate(text.substr(0, dots)), b = engine::ParseDate(text.substr(dots + 2));
    if (!a || !b) return bad();
    *from = *a;
    *to = *b;
    return *to < *from ? Status::InvalidArgument("perioden slutar före den börjar: '" + text + "'", "--period")
                       : Status::Ok();
  }
  auto month = engine::ParseDate(text + "-01");
  auto year = engine::ParseDate(text + "-01-01");
  if (text.size() == 7 && month) {
    *from = month->year() / January / 1;
    *to = month->year() / month->month() / last;
  } else if (text.size() == 4 && year) {
    *from = year->year() / January / 1;
    *to = year->year() / December / 31;
  } else {
    return bad();
  }
  return Status::Ok();
}

void AddReportCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "Rapportutkast där varje siffra hänvisar till sin händelse i loggen");
  cmd->add_option("RAPPORT", o->kind, "delarsrapport, arsredovisning, uppsikt eller verkstallighet")->required();
  cmd->add_option("--organ", o->organ, "Nämnd eller bolag; ks (eller inget) sammanställer alla");
  cmd->add_option("--period", o->period, "ÅÅÅÅ, ÅÅÅÅ-MM (januari t.o.m. månaden) eller ÅÅÅÅ-MM-DD..ÅÅÅÅ-MM-DD")->required();
  cmd->add_option("--as-of", o->as_of, "Det som gällde vid detta datum (standard: periodens slut)");
  cmd->add_option("--format", o->format, "html, pdf, xlsx eller json")->capture_default_str();
  cmd->add_option("--out", o->out, "Skriv till denna fil (standard: standardutmatningen)");
  cmd->callback([&ctx, o, exit_code] { *exit_code = RunReport(ctx, *o); });
}

}  // namespace arshjul::cli
