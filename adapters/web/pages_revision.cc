// Revision: the event log (GET /api/v1/log) with filters — organ, actor,
// type, business period, what it concerns — and the as-of date and known-at
// time that every view takes; each event's JSON; the verify verdict with the
// head hash (GET /api/v1/verify); the Merkle tree's head, the latest signed
// checkpoint and the consistency proof that today's log extends it; and per
// event its inclusion proof (docs/revision.md).
#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"
#include "arshjul/storage/checkpoint.h"
#include "arshjul/storage/merkle.h"
#include "arshjul/storage/verifiable_log.h"
#include "page_internal.h"

namespace arshjul::web {
namespace {

using http::beast_http::status;
constexpr size_t kShown = 50;

// A bound given as a date (the whole day, Stockholm) or RFC 3339 time.
std::optional<Timestamp> Bound(const std::string& text, bool end_of_day) {
  if (text.empty()) return std::nullopt;
  Timestamp t;
  if (auto d = engine::ParseDate(text)) {
    auto day = end_of_day ? engine::Date{std::chrono::sys_days{*d} + std::chrono::days{1}} : *d;
    return engine::LocalToUtc(day, 0, 0) - (end_of_day ? std::chrono::microseconds(1) : std::chrono::microseconds(0));
  }
  if (ParseTimestamp(text, &t)) return t;
  return std::nullopt;
}

std::string VerifyBox(Visit& v) {
  auto verdict = v.Get("/api/v1/verify");
  if (!verdict.ok()) return ErrorBox(verdict.status().message());
  std::string out;
  if (verdict->value("ok", false)) {
    out = "<div class=\"ok\"><p><strong>GODKÄNT:</strong> alla " + std::to_string(verdict->value("event_count", 0)) +
          " händelser, hashkedjan, Merkleträdet och indexen stämmer.</p><p>Huvud (position:hash): <code>" +
          Escape(Str(*verdict, "head")) + "</code></p>";
  } else {
    out = "<div class=\"error-summary\" role=\"alert\"><p><strong>UNDERKÄNT:</strong> " + Escape(Str(*verdict, "problem")) + "</p>";
  }
  storage::EventStore& store = v.api.store();
  auto head = store.HeadPosition();
  uint64_t size = head ? *head + 1 : 0;
  auto tree = storage::TreeHeadAt(store, size);
  if (tree.ok()) {
    out += "<p>Merkleträdets rot över " + std::to_string(tree->size) + " händelser: <code>" + storage::HashToHex(tree->root) + "</code></p>";
  }
  return out + "</div>";
}

std::string CheckpointBox(Visit& v) {
  auto cps = v.Get("/api/v1/log?type=CheckpointPublished&limit=1000");
  std::string out = "<h2>Signerad kontrollpunkt</h2>";
  if (!cps.ok() || (*cps)["events"].empty()) {
    return out + "<p>Ingen kontrollpunkt är publicerad ännu. Kommunen signerar trädets huvud med "
                 "<code>arshjul checkpoint --key kommun.key</code> (docs/revision.md).</p>";
  }
  const auto& last = (*cps)["events"].back();
  // The log gives a checkpoint's payload as its JSON: {note, public_key}.
  nlohmann::json payload = last.value("payload", nlohmann::json());
  if (!payload.is_object()) payload = nlohmann::json::object();
  std::string note = Str(payload, "note"), key_text = Str(payload, "public_key");
  auto key = storage::ParseVerifierKey(key_text);
  auto cp = key.ok() ? storage::VerifyCheckpoint(note, *key) : Result<storage::Checkpoint>(key.status());
  out += "<p>Senaste kontrollpunkten (position " + std::to_string(last.value("position", 0)) + ", registrerad " +
         Escape(Local(Str(last, "recorded_at"))) + "):</p><pre>" + Escape(note) + "</pre>";
  if (!cp.ok()) return out + ErrorBox("Signaturen kunde inte kontrolleras: " + cp.status().message());
  auto proof = storage::ProveConsistency(v.api.store(), cp->size, std::nullopt);
  if (!proof.ok()) return out + ErrorBox("Konsistensbeviset kunde inte tas fram: " + proof.status().message());
  Status ok = storage::merkle::VerifyConsistency(cp->size, proof->size2, proof->proof, cp->root, proof->root2);
  std::string hashes;
  for (const auto& h : proof->proof) hashes += storage::HashToHex(h) + "\n";
  out += ok.ok() ? "<p class=\"ok\">Signaturen stämmer med nyckeln i loggen, och dagens logg (" + std::to_string(proof->size2) +
                       " händelser) är en fortsättning av kontrollpunktens (" + std::to_string(cp->size) +
                       "): konsistensbeviset med " + std::to_string(proof->proof.size()) + " hashar är kontrollerat.</p>"
                 : ErrorBox("Dagens logg är INTE en fortsättning av kontrollpunkten: " + ok.message());
  return out + "<details><summary>Konsistensbeviset (RFC 9162)</summary><pre>" + Escape(hashes) + "</pre></details>";
}

std::string FilterForm(Visit& v) {
  auto field = [&](const std::string& name, const std::string& label, const std::string& hint) {
    return "<label for=\"r-" + name + "\">" + label + "<input id=\"r-" + name + "\" name=\"" + name + "\" value=\"" +
           Escape(v.Q(name)) + "\" placeholder=\"" + hint + "\"></label>";
  };
  std::string organs = "<label for=\"r-organ\">Organ<select id=\"r-organ\" name=\"organ\"><option value=\"\">alla</option>";
  for (const auto& [id, o] : v.State().org.organs) {
    organs += "<option value=\"" + Escape(id) + "\"" + (v.Q("organ") == id ? " selected" : "") + ">" + Escape(o.name) + "</option>";
  }
  organs += "</select></label>";
  return "<form class=\"filters\" method=\"get\" action=\"/revision\">" + organs + field("aktor", "Aktör (person)", "t.ex. sara-lindqvist") +
         field("typ", "Händelsetyp", "t.ex. DecisionRecorded") + field("fran", "Gäller från", "ÅÅÅÅ-MM-DD") +
         field("till", "Gäller till", "ÅÅÅÅ-MM-DD") + field("avser", "Avser (id)", "t.ex. ks-2026-u1") +
         field("per", "Läget per (affärsdatum)", "ÅÅÅÅ-MM-DD") + field("kand", "Känt vid (registreringstid)", "ÅÅÅÅ-MM-DD") +
         "<button type=\"submit\" class=\"secondary\">Visa</button></form>";
}

bool Matches(const Visit& v, const nlohmann::json& e, const std::optional<Timestamp> (&bounds)[4]) {
  Timestamp eff, rec;
  if (!ParseTimestamp(Str(e, "effective_at"), &eff) || !ParseTimestamp(Str(e, "recorded_at"), &rec)) return false;
  if ((bounds[0] && eff < *bounds[0]) || (bounds[1] && eff > *bounds[1]) || (bounds[2] && eff > *bounds[2]) ||
      (bounds[3] && rec > *bounds[3])) {
    return false;
  }
  return v.Q("avser").empty() || Concerns(e, v.Q("avser"));
}

}  // namespace

http::Response RevisionPage(Visit& v) {
  std::optional<Timestamp> bounds[4] = {Bound(v.Q("fran"), false), Bound(v.Q("till"), true), Bound(v.Q("per"), true),
                                        Bound(v.Q("kand"), true)};
  const char* names[4] = {"Gäller från", "Gäller till", "Läget per", "Känt vid"};
  const char* keys[4] = {"fran", "till", "per", "kand"};
  for (int k = 0; k < 4; ++k) {
    if (!v.Q(keys[k]).empty() && !bounds[k]) {
      return v.Html("Revision", "revision", FilterForm(v) + ErrorBox(std::string(names[k]) +
                                                                        ": ange ett datum ÅÅÅÅ-MM-DD eller en tidpunkt enligt RFC 3339"),
                    status::bad_request);
    }
  }
  // Without the page's own filters, a page of the API's log is a page here.
  bool own_filters = bounds[0] || bounds[1] || bounds[2] || bounds[3] || !v.Q("avser").empty();
  std::string base = "/api/v1/log?limit=" + std::to_string(own_filters ? 1000 : kShown + 1) + "&" + Query({{"organ", v.Q("organ")}, {"actor", v.Q("aktor")}, {"type", v.Q("typ")}});
  std::vector<nlohmann::json> shown;
  std::string after = v.Q("efter");
  bool more = false;
  for (int page = 0; page < 50 && !more; ++page) {
    auto log = v.Get(base + (after.empty() ? "" : "&after=" + UrlEncode(after)));
    if (!log.ok()) return v.Html("Revision", "revision", FilterForm(v) + ErrorBox(log.status().message()), status::bad_request);
    for (const auto& e : (*log)["events"]) {
      if (!Matches(v, e, bounds)) continue;
      if (shown.size() == kShown) {
        more = true;
        break;
      }
      shown.push_back(e);
    }
    if (!log->contains("next") || (*log)["events"].empty()) break;
    after = std::to_string((*log)["events"].back().value("position", 0));
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : shown) {
    std::string pos = std::to_string(e.value("position", 0));
    const auto& actor = e["actor"];
    rows.push_back({"<a href=\"/revision/handelse/" + pos + "\">" + pos + "</a>", DateHtml(Local(Str(e, "recorded_at"))),
                    DateHtml(Local(Str(e, "effective_at")).substr(0, 10)), Escape(Str(e, "type")), Escape(Str(actor, "organ")),
                    Escape(v.PersonName(Str(actor, "person"))) + "<br><span class=\"muted\">" + Escape(Str(actor, "role")) + "</span>",
                    Escape(Str(e, "summary")) + "<details><summary>JSON</summary><pre>" + Escape(e.dump(2)) + "</pre></details>"});
  }
  std::string main = VerifyBox(v) + CheckpointBox(v) + "<h2>Händelseloggen</h2>" + FilterForm(v);
  std::string keep = v.KeepTime();
  if (!keep.empty()) {
    main += "<p class=\"notice\">Vyerna i läget ovan: <a href=\"/uppsikt?" + Escape(keep) + "\">Uppsikt</a>, <a href=\"/beslut?" +
            Escape(keep) + "\">Beslut och uppdrag</a>, <a href=\"/arshjul?" + Escape(keep) + "\">Årshjulet</a>.</p>";
  }
  main += Table("Händelser i positionsordning", {"Position", "Registrerad", "Gäller", "Typ", "Organ", "Aktör", "Innehåll"}, rows,
                "Inga händelser matchar urvalet.");
  if (more) {
    std::map<std::string, std::string> q = v.target.query;
    q["efter"] = Str(shown.back(), "position").empty() ? std::to_string(shown.back().value("position", 0)) : Str(shown.back(), "position");
    main += "<p><a href=\"/revision?" + Escape(Query(q)) + "\">Nästa sida</a></p>";
  }
  return v.Html("Revision", "revision", main);
}

http::Response EventPage(Visit& v) {
  if (v.param.empty() || v.param.size() > 19 || v.param.find_first_not_of("0123456789") != std::string::npos) {
    return v.Error("Händelse", "Positionen ska vara ett heltal.", status::bad_request);
  }
  uint64_t pos = std::stoull(v.param);
  auto log = v.Get("/api/v1/log?limit=1" + (pos ? "&after=" + std::to_string(pos - 1) : std::string()));
  if (!log.ok() || (*log)["events"].empty() || (*log)["events"][0].value("position", UINT64_MAX) != pos) {
    return v.Error("Händelse", "Det finns ingen händelse på position " + v.param + ".", status::not_found);
  }
  const auto& e = (*log)["events"][0];
  std::string main = "<p><a href=\"/revision\">Tillbaka till loggen</a></p><h2>" + Escape(Str(e, "type")) + "</h2><pre>" +
                     Escape(e.dump(2)) + "</pre><h2>Inklusionsbevis</h2>";
  auto proof = storage::ProveInclusion(v.api.store(), pos, std::nullopt);
  if (!proof.ok()) return v.Html("Händelse " + v.param, "revision", main + ErrorBox(proof.status().message()));
  Status ok = storage::merkle::VerifyInclusion(pos, proof->size, proof->leaf_hash, proof->proof, proof->root);
  std::string hashes;
  for (const auto& h : proof->proof) hashes += storage::HashToHex(h) + "\n";
  main += std::string(ok.ok() ? "<p class=\"ok\">Beviset är kontrollerat: " : "<p class=\"error-summary\">Beviset stämmer INTE: ") +
          "händelsens lövhash leder genom " + std::to_string(proof->proof.size()) + " hashar till trädets rot över " +
          std::to_string(proof->size) + " händelser.</p><dl class=\"facts\"><dt>Lövhash</dt><dd><code>" +
          storage::HashToHex(proof->leaf_hash) + "</code></dd><dt>Rot</dt><dd><code>" + storage::HashToHex(proof->root) +
          "</code></dd></dl><pre>" + Escape(hashes) + "</pre>";
  return v.Html("Händelse " + v.param, "revision", main);
}

}  // namespace arshjul::web
