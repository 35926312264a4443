// Reading one step of an årshjul template, after `extends` has been merged:
// its fields, each with the cursor of the file and line it was written on,
// into an engine::StepTemplate. Internal to workflows/; thread-compatible.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "arshjul/engine/annual_cycle.h"
#include "yaml_cursor.h"

namespace arshjul::workflows {

// A field of a step or of `defaults`, and the file it was written in.
struct Field {
  std::string key;
  Cursor value;
  const std::string* source;  // borrowed; outlives the Field
  std::string Where() const { return *source + ":" + std::to_string(value.line()); }
};
// A map's fields in the order first written; an override replaces a field in place.
using FieldList = std::vector<Field>;

const Field* FindField(const FieldList& fields, std::string_view key);
// The field's cursor, or one that is not present() on `where`'s line (so a
// missing field is reported as "steps[id].key: fältet saknas").
Cursor FieldOr(const FieldList& fields, const Field& where, std::string_view key);
void SetField(FieldList& fields, Field field);

// The keys a step may have, and those `defaults` may have.
const std::vector<std::string_view>& StepKeys();
const std::vector<std::string_view>& DefaultKeys();

// The step `id` declared at `where` (its map in the last file naming it), from its merged fields; `defaults` fill
// reminders, escalation and completion when the step has none.
Result<engine::StepTemplate> ReadStep(const std::string& id, const Field& where, const FieldList& fields,
                                      const FieldList& defaults);

// "MM-DD" naming a day that exists every year.
Result<engine::MonthDay> ReadMonthDay(const Cursor& c);

// A deadline rule: exactly one anchor, then before/after, year, adjust.
Result<engine::DeadlineRule> ReadDeadline(const Cursor& c);

// The step's optional fields (template_fields.cc): period, repeat, years,
// reminders, escalation, legal_basis, depends_on, completion, statutory,
// election_year; reminders, escalation and completion from `defaults` when
// the step has none.
Status ReadOptionalFields(const FieldList& fields, const Field& where, const FieldList& defaults,
                          engine::StepTemplate& step);

}  // namespace arshjul::workflows
