// The record-keeping rules of a decision, each a refusal the kommun may switch
// off in its organisation file (docs/commands.md, "Rules"):
//  - decision.meeting_date: a decision is taken at a meeting — its date is one
//    of the organ's meetings, when the organ's meeting plan for that year is known;
//  - decision.unique_minute_item: one decision per paragraph (§) of a meeting;
//  - decision.registry_number: the diarienummer matches the kommun's pattern
//    (params.pattern, an ECMAScript regular expression; empty: any).
#include <regex>
#include <string>

#include "event_spec.h"

namespace arshjul::engine {
namespace {

std::string Param(const RuleContext& ctx, const char* rule, const char* key) {
  auto it = ctx.state.org.rules.find(rule);
  if (it == ctx.state.org.rules.end()) return "";
  auto p = it->second.params.find(key);
  return p == it->second.params.end() ? "" : p->second;
}

Status CheckMeetingDate(const RuleContext& ctx, const std::string& organ, const std::string& date_text) {
  if (!RuleOn(ctx, "decision.meeting_date")) return Status::Ok();
  const Organ* o = ctx.state.org.FindOrgan(organ);
  const std::optional<Date> date = ParseDate(date_text);
  if (o == nullptr || !date) return Status::Ok();
  const std::vector<Date> that_year = ctx.state.org.MeetingsIn(organ, static_cast<int>(date->year()));
  if (that_year.empty()) return Status::Ok();  // no meeting plan recorded for the year: nothing to hold it to
  for (const Date& d : that_year)
    if (d == *date) return Status::Ok();
  return Status::Rejected("decision.meeting_date", "payload.meetingDate",
                          organ + " har inget sammanträde " + date_text +
                              " (beslut fattas vid ett sammanträde; registrera sammanträdet eller rätta datumet)");
}

Status CheckMinuteItem(const RuleContext& ctx, const std::string& id, const std::string& organ,
                       const std::string& date, const std::string& item) {
  if (!RuleOn(ctx, "decision.unique_minute_item")) return Status::Ok();
  for (const auto& [other_id, d] : ctx.state.decisions) {
    if (other_id != id && d.organ == organ && ToString(d.meeting_date) == date && d.minute_item == item) {
      return Status::Rejected("decision.unique_minute_item", "payload.minuteItem",
                              item + " vid " + organ + "s sammanträde " + date + " är redan beslutet '" + other_id +
                                  "'; varje paragraf har ett beslut");
    }
  }
  return Status::Ok();
}

Status CheckRegistryNumber(const RuleContext& ctx, const std::string& number) {
  if (!RuleOn(ctx, "decision.registry_number")) return Status::Ok();
  const std::string pattern = Param(ctx, "decision.registry_number", "pattern");
  if (pattern.empty()) return Status::Ok();
  try {
    if (std::regex_match(number, std::regex(pattern, std::regex::ECMAScript))) return Status::Ok();
  } catch (const std::regex_error&) {
    return Status::Ok();  // the loader refuses an invalid pattern; an old store's is ignored
  }
  return Status::Rejected("decision.registry_number", "payload.registryNumber",
                          "diarienumret '" + number + "' följer inte kommunens mönster " + pattern);
}

}  // namespace

Status CheckDecisionRecordKeeping(const RuleContext& ctx, schema::DecisionRecorded::Reader p) {
  const std::string organ = Str(p.getOrgan()), date = Str(p.getMeetingDate());
  ARSHJUL_RETURN_IF_ERROR(CheckMeetingDate(ctx, organ, date));
  ARSHJUL_RETURN_IF_ERROR(CheckMinuteItem(ctx, Str(p.getId()), organ, date, Str(p.getMinuteItem())));
  return CheckRegistryNumber(ctx, Str(p.getRegistryNumber()));
}

}  // namespace arshjul::engine
