// Internal helpers for defining event specs with typed Cap'n Proto readers:
// Typed<T> is erased into an EventSpec working on payload bytes. Also the
// small validation helpers every area's rules share.
#pragma once

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/domain.capnp.h"

namespace arshjul::engine {

// An aligned Cap'n Proto reader over payload bytes.
class PayloadReader {
 public:
  // Copies into a per-thread aligned buffer (a Cap'n Proto reader needs word
  // alignment); valid until the next PayloadReader on the same thread is built.
  explicit PayloadReader(std::string_view bytes) : words_(Buffer()) {
    words_.resize((bytes.size() + 7) / 8);
    std::memcpy(words_.data(), bytes.data(), bytes.size());
  }
  template <typename T>
  Result<typename T::Reader> Root() {
    try {
      reader_.emplace(kj::arrayPtr(reinterpret_cast<const capnp::word*>(words_.data()), words_.size()));
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
  std::vector<uint64_t>& words_;
  std::optional<capnp::FlatArrayMessageReader> reader_;
};

inline std::string Str(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }
std::vector<std::string> Strs(capnp::List<capnp::Text>::Reader list);

template <typename T>
struct Typed {
  const char* command;
  const char* event_type;
  const char* category;
  std::function<std::string(typename T::Reader)> organ;
  std::function<std::string(typename T::Reader)> date;
  std::function<Status(const RuleContext&, typename T::Reader)> check;
  std::function<void(DomainState&, const EventMeta&, typename T::Reader)> apply;
};

Result<std::string> JsonToPayload(const std::string& json, capnp::StructSchema schema,
                                  const std::function<void(capnp::MessageBuilder&)>& init);

template <typename T>
EventSpec Erase(Typed<T> t) {
  EventSpec s;
  s.command = t.command;
  s.event_type = t.event_type;
  s.category = t.category;
  s.encode = [](const std::string& json) -> Result<std::string> {
    return JsonToPayload(json, capnp::Schema::from<T>(), [](capnp::MessageBuilder& m) { m.initRoot<T>(); });
  };
  s.to_json = [](std::string_view payload) -> Result<std::string> {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return root.status();
    try {
      capnp::JsonCodec codec;
      kj::String out = codec.encode(*root);
      return std::string(out.cStr(), out.size());
    } catch (const kj::Exception& e) {
      return Status::Corruption(e.getDescription().cStr());
    }
  };
  auto organ = t.organ;
  s.organ = [organ](std::string_view payload) -> Result<std::string> {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return root.status();
    return organ(*root);
  };
  auto date = t.date;
  s.date = [date](std::string_view payload) -> Result<std::string> {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return root.status();
    return date ? date(*root) : std::string();
  };
  auto check = t.check;
  s.check = [check](const RuleContext& ctx, std::string_view payload) -> Status {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return Status::InvalidArgument(root.status().message(), "payload");
    return check ? check(ctx, *root) : Status::Ok();
  };
  auto apply = t.apply;
  s.apply = [apply](DomainState& state, const EventMeta& meta, std::string_view payload) -> Status {
    PayloadReader r(payload);
    auto root = r.Root<T>();
    if (!root.ok()) return root.status();
    try {
      apply(state, meta, *root);
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
inline bool RuleOn(const RuleContext& ctx, const char* rule) { return ctx.state.org.RuleEnabled(rule); }
Date ToDate(capnp::Text::Reader text);  // a validated date; 1970-01-01 when empty or bad

// Rules decision.meeting_date, decision.unique_minute_item and
// decision.registry_number (decision_rules.cc).
Status CheckDecisionRecordKeeping(const RuleContext& ctx, schema::DecisionRecorded::Reader p);

// Per-area registration.
void RegisterOrganizationEvents(std::vector<EventSpec>& out);
void RegisterDecisionEvents(std::vector<EventSpec>& out);
void RegisterGoalEvents(std::vector<EventSpec>& out);
void RegisterEconomyEvents(std::vector<EventSpec>& out);
void RegisterNotificationEvents(std::vector<EventSpec>& out);
void RegisterAnnualCycleEvents(std::vector<EventSpec>& out);

}  // namespace arshjul::engine

namespace arshjul::engine {
// Records a row under its id; a later event for the same id (a correction)
// replaces it and counts the revision.
template <typename Row>
void Upsert(DomainState& st, std::map<std::string, Row>& rows, const std::string& id, Row row, const EventMeta& meta) {
  row.source = meta.Source();
  st.event_ids.insert(row.source.event_id);
  auto it = rows.lower_bound(id);
  if (it != rows.end() && it->first == id) {
    row.source.revisions = it->second.source.revisions + 1;
    it->second = std::move(row);
  } else {
    rows.emplace_hint(it, id, std::move(row));
  }
}
}  // namespace arshjul::engine
