#include "drawn_report.h"

#include "arshjul/engine/local_time.h"
#include "arshjul/storage/hash.h"

namespace arshjul::report {

int DrawnReport::FootnoteOf(uint64_t position) const {
  for (size_t i = 0; i < citations.size(); ++i)
    if (citations[i].position == position) return static_cast<int>(i + 1);
  return 0;
}

Result<DrawnReport> FetchProofs(storage::EventStore& store, engine::Report model) {
  DrawnReport out;
  out.citations = engine::Citations(model);
  auto cursor = store.ReadAll(model.head_position, 1);
  ARSHJUL_ASSIGN_OR_RETURN(bool found, cursor->Next());
  if (found) out.head_hash = cursor->event().hash;
  out.model = std::move(model);
  uint64_t size = out.model.head_position + 1;
  if (!found || !store.CurrentTree().ok()) return out;  // no tree kept: positions and hashes only
  ARSHJUL_ASSIGN_OR_RETURN(storage::TreeHead head, storage::TreeHeadAt(store, size));
  out.tree = head;
  for (const engine::Citation& c : out.citations) {
    ARSHJUL_ASSIGN_OR_RETURN(storage::InclusionProofResult p, storage::ProveInclusion(store, c.position, size));
    out.proofs.emplace(c.position, std::move(p));
  }
  return out;
}

std::string CitationLine(const engine::Citation& c) {
  return "händelse " + std::to_string(c.position) + " (" + c.event_type + "), registrerad " +
         engine::FormatLocalRfc3339(c.recorded_at) + ", hash " + storage::HashToHex(c.hash);
}

std::string CellText(const engine::Cell& cell) { return cell.text; }

std::string ReportHeading(const DrawnReport& r) { return r.model.title + " — " + r.model.subtitle; }

std::string DrawnFromLine(const DrawnReport& r) {
  std::string line = "Uppgifterna gäller per " + engine::ToString(r.model.as_of) + ". Dragen ur loggen med huvud " +
                     std::to_string(r.model.head_position) + ":" + storage::HashToHex(r.head_hash);
  if (r.tree) line += " (Merkleträd med " + std::to_string(r.tree->size) + " händelser, rot " + storage::HashToHex(r.tree->root) + ")";
  return line + ".";
}

}  // namespace arshjul::report
