// The example kommun's sample year scaled for benchmarks: its organisation
// recorded through the command handler, then copies of the sample year with
// every id suffixed ("-0", "-1", …) appended straight to the store (the rules
// ran once when the sample was written; copies need not pass them again).
// Used by domain_bench and report_bench. Not thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "arshjul/engine/command_handler.h"

namespace arshjul::bench {

// The organisation (organization.yaml) and the sample year's commands (sample-year-2026.jsonl).
Status RecordOrganization(engine::CommandHandler& handler, const std::string& example_dir);
std::vector<nlohmann::json> LoadSampleYear(const std::string& example_dir);

// Appends copy number `copy` of `sample`, each command as its actor.
Status AppendSampleCopy(storage::EventStore& store, const std::vector<nlohmann::json>& sample, uint64_t copy);

}  // namespace arshjul::bench
