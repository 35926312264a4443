// OrganizationChanges: the commands that bring the recorded organisation to a
// desired one (from a configuration file), recording only what changed — a
// person leaving a role on a date, a meeting moving — never rewriting history.
//
// Pure; deterministic for the same inputs.
#pragma once

#include <string>
#include <vector>

#include "arshjul/engine/command.h"
#include "arshjul/engine/organization.h"

namespace arshjul::engine {

struct OrganizationDiff {
  std::vector<Command> commands;
  std::vector<std::string> warnings;  // Swedish: what a file cannot express as an event (a removed organ …)
};

// Commands carry `actor`, and ids "<id_prefix>/<n>"; the caller picks a prefix
// unique to this state (e.g. the log's head position), so a repeated run with
// an unchanged file produces no commands at all.
OrganizationDiff DiffOrganization(const Organization& current, const Organization& desired,
                                  const storage::Actor& actor, const std::string& id_prefix);

}  // namespace arshjul::engine
