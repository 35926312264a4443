// Operations routes: verify, backup, health and metrics.
#include <filesystem>

#include "api.h"

namespace arshjul::http {
namespace {

using beast_http::status;

bool SafeName(const std::string& n) {
  if (n.empty() || n.size() > 64 || n[0] == '.') return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  return n.find("..") == std::string::npos;
}

std::string Head(const storage::StoreStats& s) {
  return s.head_position ? std::to_string(*s.head_position) + ":" + storage::HashToHex(s.head_hash) : "";
}

}  // namespace

Response Api::GetVerify(Call& call) {
  storage::VerifyReport rep = store_.Verify({});
  nlohmann::json body = {{"ok", rep.ok}, {"event_count", rep.event_count}};
  if (rep.head_position) body["head"] = std::to_string(*rep.head_position) + ":" + storage::HashToHex(rep.head_hash);
  if (!rep.ok) body["problem"] = rep.problem;
  return JsonResponse(call.req, status::ok, body);
}

Response Api::PostBackup(Call& call) {
  std::string name = "arshjul";
  if (!call.req.body().empty()) {
    nlohmann::json body = nlohmann::json::parse(call.req.body(), nullptr, /*allow_exceptions=*/false);
    if (!body.is_object() || (body.contains("name") && !body["name"].is_string())) {
      return ProblemResponse(call.req, MakeProblem(status::bad_request, "innehållet ska vara {\"name\": \"…\"}", "body"));
    }
    name = body.value("name", name);
  }
  if (!SafeName(name)) {
    return ProblemResponse(call.req, MakeProblem(status::bad_request,
                                                 "namnet ska vara 1–64 tecken A-Z, a-z, 0-9, ., - eller _", "name"));
  }
  if (config_.backup_root.empty()) {
    return ProblemResponse(call.req, MakeProblem(status::not_found, "tjänsten har ingen mapp för säkerhetskopior (--backup-dir)"));
  }
  std::string dir = (std::filesystem::path(config_.backup_root) / name).string();
  std::error_code ec;
  std::filesystem::create_directories(config_.backup_root, ec);
  if (ec) return ProblemResponse(call.req, ProblemFor(Status::IOError("kan inte skapa " + config_.backup_root + ": " + ec.message())));
  Status st = store_.Backup(dir);
  if (!st.ok()) return ProblemResponse(call.req, ProblemFor(st));
  auto stats = store_.Stats();
  if (!stats.ok()) return ProblemResponse(call.req, ProblemFor(stats.status()));
  return JsonResponse(call.req, status::created, {{"dir", dir}, {"events", stats->event_count}, {"head", Head(*stats)}});
}

Response Api::GetHealth(Call& call) {
  auto head = store_.HeadPosition();
  nlohmann::json body = {{"status", "ok"}};
  body["head"] = head ? nlohmann::json(*head) : nlohmann::json(nullptr);
  return JsonResponse(call.req, status::ok, body);
}

Response Api::GetMetrics(Call& call) {
  Metrics::Gauges g;
  if (auto stats = store_.Stats(); stats.ok()) {
    g.store_bytes = stats->disk_bytes;
    g.has_head = stats->head_position.has_value();
    g.head_position = stats->head_position.value_or(0);
  }
  for (const auto& [id, n] : State().notifications) {
    for (const auto& [key, d] : n.deliveries) {
      if (d.state == engine::DeliveryState::kDelivered) ++g.reminders_sent;
      if (d.state == engine::DeliveryState::kPermanentFailure) ++g.reminders_failed;
    }
  }
  return TextResponse(call.req, status::ok, "text/plain; version=0.0.4; charset=utf-8", metrics_.Render(g));
}

}  // namespace arshjul::http
