// The `show` views of the steering below the nämnd (issue 9): activities with
// their follow-up, grunduppdrag and kvalitetsfaktorer, analyses, dialogues
// and verksamhetsplaner. Each renders rows for one organ ("" = all) on
// `today`; show_command.cc lists them in its view table. Stateless.
#pragma once

#include <string>

#include "arshjul/engine/domain_state.h"
#include "table_writer.h"

namespace arshjul::cli {

// One activity row of `show goals`: status, progress and the chain
// aktivitet → utfall → resultat → effekt (`effect`: the goal's effekt).
void ActivityGoalRow(const engine::DomainState& st, const engine::ActivityRow& a, const std::string& effect,
                     engine::Date today, TableWriter& t);

void ShowActivities(const engine::DomainState& st, const std::string& organ, engine::Date today, TableWriter& t);
void ShowQuality(const engine::DomainState& st, const std::string& organ, engine::Date today, TableWriter& t);
void ShowAnalyses(const engine::DomainState& st, const std::string& organ, engine::Date today, TableWriter& t);
void ShowDialogues(const engine::DomainState& st, const std::string& organ, engine::Date today, TableWriter& t);
void ShowPlans(const engine::DomainState& st, const std::string& organ, engine::Date today, TableWriter& t);

// What uppsikt adds per organ: activities, grunduppdrag, kvalitetsfaktorer.
nlohmann::json SteeringOversightJson(const engine::DomainState& st, const std::string& organ, engine::Date today);
std::string SteeringOversightCell(const engine::DomainState& st, const std::string& organ, engine::Date today);

}  // namespace arshjul::cli
