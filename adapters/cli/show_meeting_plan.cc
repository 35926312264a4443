#include "show_meeting_plan.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "arshjul/engine/local_time.h"

namespace arshjul::cli {

Status AddMeetingPlanAsRecorded(storage::EventStore& store, const engine::ReplayFilter& filter,
                                const std::string& view, engine::DomainState& state) {
  if (!filter.as_of || (view != "findings" && view != "uppsikt")) return Status::Ok();
  engine::ReplayFilter recorded = filter;
  recorded.as_of.reset();
  ARSHJUL_ASSIGN_OR_RETURN(engine::DomainState latest, engine::Replay(store, recorded));
  const engine::Date day = engine::LocalDate(*filter.as_of);
  for (auto& [id, organ] : state.org.organs) {
    auto planned = latest.org.organs.find(id);
    if (planned == latest.org.organs.end()) continue;
    const std::vector<engine::Date>& all = planned->second.meetings;  // sorted
    std::vector<engine::Date> merged;
    std::set_union(organ.meetings.begin(), organ.meetings.end(), std::upper_bound(all.begin(), all.end(), day),
                   all.end(), std::back_inserter(merged));
    organ.meetings = std::move(merged);
  }
  return Status::Ok();
}

}  // namespace arshjul::cli
