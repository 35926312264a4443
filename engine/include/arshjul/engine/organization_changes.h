// OrganizationChanges: the commands that bring the recorded organisation to a
// desired one (from a configuration file), recording only what changed — a
// person leaving a role on a date, a meeting moving — never rewriting history.
//
// Pure; deterministic for the same inputs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "arshjul/engine/command.h"
#include "arshjul/engine/organization.h"

namespace arshjul::engine {

// When the facts of an organisation file became true (docs/organization-format.md):
// `valid_from` for the whole file, and an organ's own `from` where it differs.
// Without valid_from the facts are recorded as true from the day init runs.
struct OrganizationDates {
  std::optional<Date> valid_from;
  std::map<std::string, Date> organ_from;  // by organ id
  friend bool operator==(const OrganizationDates&, const OrganizationDates&) = default;
};

struct OrganizationDiff {
  std::vector<Command> commands;
  std::vector<std::string> warnings;  // Swedish: what a file cannot express as an event (a removed organ …)
};

// Commands carry `actor`, and ids "<id_prefix>/<n>"; the caller picks a prefix
// unique to this state (e.g. the log's head position), so a repeated run with
// an unchanged file produces no commands at all.
//
// Effective dates: what is new is recorded as true from `dates` — an organ
// from its `from` (default valid_from); the municipality, roles, people and
// rules from valid_from; a role holding from its own `from`; every meeting
// from its own date (a replay as of a day shows the meetings held by then;
// `plan --as-of` reads the meeting plan as recorded). A change to something already
// recorded is true from the day it is recorded (effective_at left unset), so
// history is never rewritten.
OrganizationDiff DiffOrganization(const Organization& current, const Organization& desired,
                                  const storage::Actor& actor, const std::string& id_prefix,
                                  const OrganizationDates& dates = {});

}  // namespace arshjul::engine
