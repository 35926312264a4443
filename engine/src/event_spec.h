// How an event spec is written: Typed<T> names an event's command, stream
// category, organ, own date, rules (check) and read-model change (apply) over
// its typed Cap'n Proto reader, with designated initializers:
//
//   out.push_back(Erase<s::DecisionRecorded>({
//       .command = "RecordDecision", .event_type = "DecisionRecorded", .category = "decisions",
//       .organ = …, .date = …, .check = CheckDecision, .apply = ApplyDecisionRecorded}));
//
// Erase turns it into an EventSpec working on payload bytes. Also the small
// validation helpers every area's rules share (event_spec.cc), and Upsert.
// Internal to the engine; stateless apart from PayloadReader's per-thread buffer.
#pragma once

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstring>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/domain.capnp.h"

namespace arshjul::engine {

// An aligned Cap'n Proto reader over payload bytes.
class PayloadReader {
 public:
  // Copies into a per-thread aligned buffer (a Cap'n Proto reader needs word
  // alignment); valid until the next PayloadReader on the same thread is built
  // (and while `bytes` lives). Bytes already word-aligned (a payload in its own
  // heap string usually is) are read in place.
  explicit PayloadReader(std::string_view bytes) {
    if (reinterpret_cast<uintptr_t>(bytes.data()) % alignof(capnp::word) == 0 && bytes.size() % 8 == 0) {
      words_ = kj::arrayPtr(reinterpret_cast<const capnp::word*>(bytes.data()), bytes.size() / 8);
      return;
    }
    std::vector<uint64_t>& buffer = Buffer();
    buffer.resize((bytes.size() + 7) / 8);
    if (!bytes.empty()) std::memcpy(buffer.data(), bytes.data(), bytes.size());
    words_ = kj::arrayPtr(reinterpret_cast<const capnp::word*>(buffer.data()), buffer.size());
  }
  template <typename T>
  Result<typename T::Reader> Root() {
    try {
      // Explicit limits: a payload is at most the store's 1 MiB, read once or
      // a few times; a hostile message cannot make the reader walk further.
      capnp::ReaderOptions options;
      options.traversalLimitInWords = words_.size() * 8 + 1024;
      options.nestingLimit = 16;
      reader_.emplace(words_, options);
      return reader_->getRoot<T>();
    } catch (const kj::Exception& e) {
      return Status::Corruption(std::string("innehållet kunde inte avkodas: ") + e.getDescription().cStr());
    }
  }

 private:
  static std::vector<uint64_t>& Buffer() {
    thread_local std::vector<uint64_t> buffer;
    return buffer;
  }
  kj::ArrayPtr<const capnp::word> words_;
  std::optional<capnp::FlatArrayMessageReader> reader_;
};

inline std::string Str(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }
std::vector<std::string> Strs(capnp::List<capnp::Text>::Reader list);

template <typename T>
struct Typed {
  const char* command = "";
  const char* event_type = "";
  const char* category = "";
  bool council_decides = false;  // see EventSpec::council_decides
  std::function<std::string(typename T::Reader)> organ = nullptr;
  std::function<std::string(typename T::Reader)> date = nullptr;
  std::function<Status(const RuleContext&, typename T::Reader)> check = nullptr;
  std::function<void(DomainState&, const EventMeta&, typename T::Reader)> apply = nullptr;
};

Result<std::string> JsonToPayload(const std::string& json, capnp::StructSchema schema,
                                  const std::function<void(capnp::MessageBuilder&)>& init);

// Over 60 lines: one short lambda per EventSpec field, each decoding the
// payload and catching kj exceptions at this boundary; kept together so the
// erasure reads as one mapping from Typed<T> to EventSpec.
template <typename T>
EventSpec Erase(Typed<T> t) {
  EventSpec s;
  s.command = t.command;
  s.event_type = t.event_type;
  s.category = t.category;
  s.council_decides = t.council_decides;
  s.encode = [](const std::string& json) -> Result<std::string> {
    return JsonToPayload(json, capnp::Schema::from<T>(), [](capnp::MessageBuilder& m) { m.initRoot<T>(); });
  };
  s.to_json = [](std::string_view payload) -> Result<std::string> {
    PayloadReader r(payload);
    ARSHJUL_ASSIGN_OR_RETURN(auto root, r.Root<T>());
    try {
      capnp::JsonCodec codec;
      kj::String out = codec.encode(root);
      return std::string(out.cStr(), out.size());
    } catch (const kj::Exception& e) {
      return Status::Corruption(e.getDescription().cStr());
    }
  };
  auto organ = t.organ;
  s.organ = [organ](std::string_view payload) -> Result<std::string> {
    PayloadReader r(payload);
    ARSHJUL_ASSIGN_OR_RETURN(auto root, r.Root<T>());
    return organ(root);
  };
  auto date = t.date;
  s.date = [date](std::string_view payload) -> Result<std::string> {
    PayloadReader r(payload);
    ARSHJUL_ASSIGN_OR_RETURN(auto root, r.Root<T>());
    return date ? date(root) : std::string();
  };
  auto check = t.check;
  s.check = [check](const RuleContext& ctx, std::string_view payload) -> Status {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return Status::InvalidArgument(root.status().message(), "payload");
    try {
      return check ? check(ctx, *root) : Status::Ok();
    } catch (const kj::Exception& e) {
      return Status::InvalidArgument(e.getDescription().cStr(), "payload");
    }
  };
  s.decide = [organ, date, check](std::string_view payload, const RuleFrame& frame) -> Status {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return Status::InvalidArgument(root.status().message(), "payload");
    try {
      ARSHJUL_ASSIGN_OR_RETURN(RuleContext ctx, frame(PayloadFacts{organ(*root), date ? date(*root) : std::string()}));
      return check ? check(ctx, *root) : Status::Ok();
    } catch (const kj::Exception& e) {
      return Status::InvalidArgument(e.getDescription().cStr(), "payload");
    }
  };
  auto apply = t.apply;
  s.apply = [apply](DomainState& state, const EventMeta& meta, std::string_view payload) -> Status {
    PayloadReader r(payload);
    ARSHJUL_ASSIGN_OR_RETURN(auto root, r.Root<T>());
    try {
      apply(state, meta, root);
    } catch (const kj::Exception& e) {
      return Status::Corruption(e.getDescription().cStr());
    }
    return Status::Ok();
  };
  return s;
}

// ---- validation helpers: InvalidArgument with a Swedish message and "payload.<field>" ----
Status Require(capnp::Text::Reader value, const char* field, const char* what);
Status RequireDate(capnp::Text::Reader value, const char* field, const char* what);
Status OptionalDate(capnp::Text::Reader value, const char* field, const char* what);
Status RequireOrgan(const DomainState& s, capnp::Text::Reader organ, const char* field);
Status RequireOneOf(capnp::Text::Reader value, const char* field, std::initializer_list<const char*> allowed);
// An entity id must be new unless the payload corrects the event that recorded it.
Status CheckNewOrCorrection(const RuleContext& ctx, bool exists, capnp::Text::Reader id,
                            schema::Correction::Reader corrects, const char* what);
// A business rule refusal (only when the kommun has the rule on).
// A row the payload refers to (`id` in its field `field`) must exist; `what`
// names it in the message ("okänt uppdrag 'u9'"). Returns the row.
template <typename Row>
Result<const Row*> FindReferenced(const std::map<std::string, Row>& rows, capnp::Text::Reader id, const char* field,
                                  const char* what) {
  auto it = rows.find(Str(id));
  if (it == rows.end()) {
    return Status::InvalidArgument(std::string(what) + " '" + Str(id) + "'", std::string("payload.") + field);
  }
  return &it->second;
}
// The payload's organ (field "organ") must be the referenced row's `expected`
// organ; the message is `prefix` followed by that organ.
Status RequireSameOrgan(capnp::Text::Reader organ, const std::string& expected, const char* prefix);
// The same row, which must also belong to the payload's `organ`: `owner` is
// the row's organ field, and a mismatch reads `prefix` + that organ.
template <typename Row>
Result<const Row*> FindReferenced(const std::map<std::string, Row>& rows, capnp::Text::Reader id, const char* field,
                                  const char* what, capnp::Text::Reader organ, std::string Row::*owner,
                                  const char* prefix) {
  ARSHJUL_ASSIGN_OR_RETURN(const Row* row, FindReferenced(rows, id, field, what));
  ARSHJUL_RETURN_IF_ERROR(RequireSameOrgan(organ, row->*owner, prefix));
  return row;
}
inline bool RuleOn(const RuleContext& ctx, const char* rule) { return ctx.state.org.RuleEnabled(rule); }
// Reading a recorded payload in apply: the value was validated by check before
// it was recorded, so a bad one means the stored event is not what check let
// through. FailApply throws a kj::Exception naming the field and value, which
// Erase's apply turns into Corruption (no sentinel values in read models).
[[noreturn]] void FailApply(const char* field, capnp::Text::Reader value);
Date ToDate(capnp::Text::Reader text);                          // required date
std::optional<Date> OptionalToDate(capnp::Text::Reader text);  // empty: none

// Rules decision.meeting_date, decision.unique_minute_item and
// decision.registry_number (decision_rules.cc).
Status CheckDecisionRecordKeeping(const RuleContext& ctx, schema::DecisionRecorded::Reader p);
// A step instance id "<year>/<step>/<organ>[/…]" naming `organ`; InvalidArgument on `field`.
Status CheckInstanceId(const std::string& id, const std::string& organ, const std::string& field = "payload.instanceId");
// CheckInstanceId, and with an adopted wheel (ctx.wheel) an instance the wheel
// plans for the id's year or a recorded event started (step_instance_check.cc).
Status CheckPlannedInstance(const RuleContext& ctx, const std::string& id, const std::string& organ,
                            const std::string& field);

// Per-area registration.
void RegisterOrganizationEvents(std::vector<EventSpec>& out);
void RegisterDecisionEvents(std::vector<EventSpec>& out);
void RegisterGoalEvents(std::vector<EventSpec>& out);
void RegisterEconomyEvents(std::vector<EventSpec>& out);
void RegisterNotificationEvents(std::vector<EventSpec>& out);
void RegisterAccessEvents(std::vector<EventSpec>& out);
void RegisterAnnualCycleEvents(std::vector<EventSpec>& out);
void RegisterSteeringEvents(std::vector<EventSpec>& out);  // events_steering.cc
void RegisterAnalysisEvents(std::vector<EventSpec>& out);  // events_analyses.cc
void RegisterDialogueEvents(std::vector<EventSpec>& out);  // events_dialogues.cc
// PlanActivity's goal and levels (events_steering_goals.cc): an outcome goal,
// or where rule activity.direct_to_council_goal is opted in, one of KF's
// strategic goals, placed in the kommun's levels.
Status CheckActivityGoal(const RuleContext& ctx, schema::ActivityPlanned::Reader p);
void RegisterKoladaEvents(std::vector<EventSpec>& out);

}  // namespace arshjul::engine

namespace arshjul::engine {
// The completion fact (or the decision dates) recorded under
// CompletionFactKey(event_type, organ, period_end), created empty when new;
// no key string is allocated unless the key is new (domain_state.cc).
std::string& CompletionFact(DomainState& st, std::string_view event_type, std::string_view organ,
                            std::string_view period_end);
std::set<Date>& DecisionDates(DomainState& st, std::string_view event_type, std::string_view organ,
                              std::string_view period_end);

// What Upsert carries from a replaced row by default: nothing.
template <typename Row>
void KeepNothing(Row&, const Row&) {}

// Records a row under its id (`id` may be `row.id`: it is read before the row
// is moved); a later event for the same id (a correction) replaces it, counts
// the revision and lets `keep(row, old)` carry over what the event does not
// set. One descent of the ordered map, and the row is moved, never copied.
template <typename Row, typename Keep = void (*)(Row&, const Row&)>
void Upsert(DomainState& st, std::map<std::string, Row>& rows, const std::string& id, Row&& row, const EventMeta& meta,
            Keep keep = &KeepNothing<Row>) {
  row.source = meta.Source();
  st.event_ids.insert(meta.event.event_id);
  auto it = rows.lower_bound(id);
  if (it != rows.end() && it->first == id) {
    keep(row, it->second);
    row.source.revisions = it->second.source.revisions + 1;
    it->second = std::move(row);
  } else {
    rows.emplace_hint(it, id, std::move(row));  // the key is copied from `id` before the row is moved
  }
}
}  // namespace arshjul::engine
