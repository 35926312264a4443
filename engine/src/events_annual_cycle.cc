// The årshjul event: AnnualCycleAdopted, what `arshjul wheel adopt FILE`
// records. It keeps the template's files as texts in DomainState; workflows/
// reads them into a template (the engine parses no YAML).
#include "event_spec.h"

namespace arshjul::engine {
namespace {

namespace s = schema;

Status CheckAnnualCycleAdopted(const RuleContext&, s::AnnualCycleAdopted::Reader p) {
  ARSHJUL_RETURN_IF_ERROR(Require(p.getTemplateId(), "templateId", "mallens id"));
  ARSHJUL_RETURN_IF_ERROR(Require(p.getMainPath(), "mainPath", "mallens fil"));
  if (p.getFiles().size() == 0) return Status::InvalidArgument("mallens filer saknas", "payload.files");
  for (auto f : p.getFiles()) {
    if (f.getPath().size() == 0 || f.getText().size() == 0)
      return Status::InvalidArgument("en mallfil saknar sökväg eller text", "payload.files");
  }
  return Status::Ok();
}

void ApplyAnnualCycleAdopted(DomainState& st, const EventMeta& m, s::AnnualCycleAdopted::Reader p) {
  AdoptedCycle c;
  c.template_id = Str(p.getTemplateId());
  c.name = Str(p.getName());
  c.main_path = Str(p.getMainPath());
  for (auto f : p.getFiles()) c.files.emplace_back(Str(f.getPath()), Str(f.getText()));
  c.source = m.Source();
  st.annual_cycle = std::move(c);
}

}  // namespace

void RegisterAnnualCycleEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::AnnualCycleAdopted>({
      .command = "AdoptAnnualCycle",
      .event_type = "AnnualCycleAdopted",
      .category = "organization",
      .organ = [](s::AnnualCycleAdopted::Reader) { return std::string(); },
      .check = CheckAnnualCycleAdopted,
      .apply = ApplyAnnualCycleAdopted,
  }));
}

}  // namespace arshjul::engine

