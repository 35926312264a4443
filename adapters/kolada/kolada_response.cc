#include "kolada_response.h"

#include <nlohmann/json.hpp>

namespace arshjul::kolada {
namespace {
using nlohmann::json;

Status Bad(const std::string& field, const std::string& what) {
  return Status::InvalidArgument("Kolada-svaret är felaktigt: " + field + " " + what, field);
}

Result<std::string> IdField(const json& entry, const std::string& at, const char* name) {
  auto it = entry.find(name);
  std::string field = at + "." + name;
  if (it == entry.end()) return Bad(field, "saknas");
  if (!it->is_string()) return Bad(field, "ska vara en sträng (id:n läses som text så att inledande nollor behålls)");
  std::string id = it->get<std::string>();
  if (id.empty() || id.size() > 64) return Bad(field, "ska vara ett id på 1–64 tecken");
  return id;
}

Status ReadValue(const json& v, const std::string& at, KoladaValue& out) {
  if (!v.is_object()) return Bad(at, "ska vara ett objekt");
  auto gender = v.find("gender");
  if (gender == v.end() || !gender->is_string() ||
      (*gender != "T" && *gender != "K" && *gender != "M")) {
    return Bad(at + ".gender", "ska vara T, K eller M");
  }
  out.gender = gender->get<std::string>();
  auto status = v.find("status");
  if (status != v.end() && !status->is_null()) {
    if (!status->is_string()) return Bad(at + ".status", "ska vara en sträng eller null");
    out.status = status->get<std::string>();
  }
  auto value = v.find("value");
  if (value == v.end()) return Bad(at + ".value", "saknas (ett saknat värde anges som null)");
  if (value->is_null()) {
    out.value.reset();
  } else if (value->is_number()) {
    out.value = value->get<double>();
  } else {
    return Bad(at + ".value", "ska vara ett tal eller null");
  }
  if (!out.status.empty()) out.value.reset();  // a value with a status is not to be used
  return Status::Ok();
}

Status ReadEntry(const json& entry, const std::string& at, std::vector<KoladaValue>& out) {
  if (!entry.is_object()) return Bad(at, "ska vara ett objekt");
  KoladaValue base;
  ARSHJUL_ASSIGN_OR_RETURN(base.kpi, IdField(entry, at, "kpi"));
  ARSHJUL_ASSIGN_OR_RETURN(base.municipality, IdField(entry, at, "municipality"));
  auto period = entry.find("period");
  if (period == entry.end() || !period->is_number_integer() || *period < 1900 || *period > 2200) {
    return Bad(at + ".period", "ska vara ett årtal");
  }
  base.period = period->get<int>();
  auto values = entry.find("values");
  if (values == entry.end() || !values->is_array()) return Bad(at + ".values", "ska vara en lista");
  for (size_t i = 0; i < values->size(); ++i) {
    KoladaValue v = base;
    ARSHJUL_RETURN_IF_ERROR(ReadValue((*values)[i], at + ".values[" + std::to_string(i) + "]", v));
    out.push_back(std::move(v));
  }
  return Status::Ok();
}

Result<std::string> NextUrl(const json& doc) {
  for (const char* name : {"next_url", "next_page"}) {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) continue;
    if (!it->is_string()) return Bad(name, "ska vara en adress (sträng) eller null");
    return it->get<std::string>();
  }
  return std::string();
}

}  // namespace

Result<KoladaPage> ParseKoladaPage(std::string_view raw) {
  json doc = json::parse(raw.begin(), raw.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("Kolada-svaret är inte giltig JSON", "svar");
  if (!doc.is_object()) return Bad("svar", "ska vara ett JSON-objekt");
  KoladaPage page;
  auto count = doc.find("count");
  if (count == doc.end() || !count->is_number_integer() || *count < 0) {
    return Bad("count", "ska vara ett heltal ≥ 0");
  }
  page.count = count->get<long long>();
  auto values = doc.find("values");
  if (values == doc.end() || !values->is_array()) return Bad("values", "ska vara en lista");
  for (size_t i = 0; i < values->size(); ++i) {
    ARSHJUL_RETURN_IF_ERROR(ReadEntry((*values)[i], "values[" + std::to_string(i) + "]", page.values));
  }
  ARSHJUL_ASSIGN_OR_RETURN(page.next_url, NextUrl(doc));
  return page;
}

}  // namespace arshjul::kolada
