// The Kolada import's own event: one response page as fetched (its URL, when,
// and the SHA-256 of its raw bytes), recorded in the organ's indicators stream just
// before the IndicatorMeasured events read from it (docs/kolada.md).
#include "event_spec.h"

namespace arshjul::engine {
namespace {
namespace s = schema;

bool IsSha256Hex(capnp::Text::Reader t) {
  if (t.size() != 64) return false;
  for (char c : std::string_view(t.cStr(), t.size()))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Status CheckKoladaResponseFetched(const RuleContext& ctx, s::KoladaResponseFetched::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(RequireOrgan(ctx.state, p.getOrgan(), "organ"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getUrl(), "url", "källans adress"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getFetchedAt(), "fetchedAt", "hämtningstid"));
  Timestamp t;
  if (!ParseTimestamp(Str(p.getFetchedAt()), &t)) {
    return Status::InvalidArgument("hämtningstiden ska vara en tidpunkt enligt RFC 3339", "payload.fetchedAt");
  }
  if (!IsSha256Hex(p.getSha256())) {
    return Status::InvalidArgument("sha256 ska vara 64 hexadecimala tecken (gemener)", "payload.sha256");
  }
  return Status::Ok();
}

void ApplyKoladaResponseFetched(DomainState& st, const EventMeta&, s::KoladaResponseFetched::Reader p) {
  st.kolada_responses.insert(Str(p.getOrgan()) + "/" + Str(p.getSha256()));
}

}  // namespace

void RegisterKoladaEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::KoladaResponseFetched>({
      .command = "RecordKoladaResponse",
      .event_type = "KoladaResponseFetched",
      .category = "indicators",
      .organ = [](s::KoladaResponseFetched::Reader p) { return Str(p.getOrgan()); },
      .check = CheckKoladaResponseFetched,
      .apply = ApplyKoladaResponseFetched,
  }));
}

}  // namespace arshjul::engine
