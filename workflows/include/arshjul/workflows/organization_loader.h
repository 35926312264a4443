// The organisation file: a kommun's organs, roles, people, meeting calendars
// and rule settings, written in YAML (format: docs/organization-format.md;
// example: workflows/examples/exempelkommun/organization.yaml), read and
// validated into an engine::Organization, and written back.
//
// Free functions without shared state. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "arshjul/engine/organization.h"
#include "arshjul/engine/organization_changes.h"
#include "arshjul/storage/status.h"

namespace arshjul::workflows {

// Reads the file at `path` and parses it as ParseOrganization does, naming it
// `path` in messages. NotFound when there is no such file, IOError when it
// cannot be read.
// `dates`, when given, receives when the file's facts became true
// (`valid_from`, organs' `from`), for init (organization_changes.h).
Result<engine::Organization> LoadOrganization(const std::string& path, engine::OrganizationDates* dates = nullptr);

// Parses and validates an organisation file's text. `source_name` names the
// text in messages. Every error — YAML syntax, unknown or repeated keys,
// missing fields, bad ids, dates or e-mail addresses, references to undefined
// organs, roles or people, an organ hierarchy that is not one tree under the
// council, unknown rules or parameters — is InvalidArgument with a Swedish
// message "source:line: field: what is wrong" (line 1-based) and field() set
// to the field path, e.g. "organs[3].kind". The first error found is returned.
//
// On success: every known rule is present in `rules`, with defaults for what
// the file leaves out; each organ's meetings are sorted; holdings are grouped
// by person id, each person's in file order.
Result<engine::Organization> ParseOrganization(std::string_view yaml_text, const std::string& source_name,
                                               engine::OrganizationDates* dates = nullptr);

// `org` as an organisation file. For every `org` that ParseOrganization
// returned, ParseOrganization(FormatOrganization(org)) yields `org` again.
// Holdings of people missing from org.people are not written.
std::string FormatOrganization(const engine::Organization& org);

}  // namespace arshjul::workflows
