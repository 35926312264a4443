// Payload schema evolution through the store: a payload written with version 1
// of a Cap'n Proto schema is read by code of version 2 (old fields intact, new
// fields at their defaults), and a version-2 payload by version-1 code (new
// fields ignored, and kept when the old code copies the message on).
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <kj/exception.h>

#include <cstring>
#include <memory>
#include <string>

#include "arshjul/storage/event_store.h"
#include "arshjul/tests/storage/payload_v1.capnp.h"
#include "arshjul/tests/storage/payload_v2.capnp.h"
#include "support/store_fixture.h"

namespace arshjul::storage {
namespace {

namespace v1 = testing::payload_v1;
namespace v2 = testing::payload_v2;
using testing::Event;
using testing::Request;

std::string Encode(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// A payload's bytes copied into word-aligned memory (a std::string's data is
// not), read as a flat Cap'n Proto message. Throws kj::Exception on bad input.
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view bytes) : words_(kj::heapArray<capnp::word>((bytes.size() + 7) / 8)) {
    std::memset(words_.begin(), 0, words_.asBytes().size());
    std::memcpy(words_.begin(), bytes.data(), bytes.size());
    if (bytes.size() % 8 != 0) KJ_FAIL_REQUIRE("payload is not a whole number of words", bytes.size());
    reader_ = std::make_unique<capnp::FlatArrayMessageReader>(words_.asPtr());
  }
  template <typename T>
  typename T::Reader Root() {
    return reader_->getRoot<T>();
  }

 private:
  kj::Array<capnp::word> words_;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader_;
};

// The registry a program of version 2 would use: it accepts both versions and
// checks that the payload decodes with the schema it names.
TypeRegistry Registry() {
  TypeRegistry types;
  types["DecisionRecorded"] = EventTypeInfo{2, [](std::string_view payload, uint32_t version) {
                                              try {
                                                PayloadReader r(payload);
                                                if (version == 1) {
                                                  r.Root<v1::DecisionPayload>().getTitle();
                                                } else {
                                                  r.Root<v2::DecisionPayload>().getTitle();
                                                }
                                                return Status::Ok();
                                              } catch (const kj::Exception& e) {
                                                return Status::InvalidArgument(e.getDescription().cStr());
                                              }
                                            }};
  return types;
}

std::string V1Payload() {
  capnp::MallocMessageBuilder m;
  auto p = m.initRoot<v1::DecisionPayload>();
  p.setTitle("Budget 2028 för barn- och utbildningsnämnden");
  p.setAmountKr(1'250'000'000);
  auto sections = p.initSections(2);
  sections.set(0, "§ 12");
  sections.set(1, "§ 13");
  return Encode(m);
}

std::string V2Payload() {
  capnp::MallocMessageBuilder m;
  auto p = m.initRoot<v2::DecisionPayload>();
  p.setTitle("Delårsrapport augusti");
  p.setAmountKr(-42);
  p.initSections(1).set(0, "§ 7");
  p.setApproved(false);
  p.setQuorum(5);
  p.setNote("återremitterad");
  auto seconder = p.initSeconder();
  seconder.setName("Anna Andersson");
  seconder.setRole("ordförande");
  return Encode(m);
}

class SchemaEvolutionTest : public ::testing::Test {
 protected:
  void Reopen() {
    StoreOptions o = h_.Options();
    o.types = Registry();
    h_.Open(false, o);
    ASSERT_NE(h_.store, nullptr);
  }
  // Reopens the store and returns the event at `position`.
  RecordedEvent ReadBack(uint64_t position) {
    h_.store.reset();
    Reopen();
    auto cur = h_.store->ReadAll(position, 1, /*verify_chain=*/true);
    auto more = cur->Next();
    EXPECT_TRUE(more.ok() && *more) << more.status().ToString();
    return more.ok() && *more ? cur->event() : RecordedEvent{};
  }
  AppendResult Append(std::string payload, uint32_t version) {
    ProposedEvent e = Event("DecisionRecorded", std::move(payload));
    e.schema_version = version;
    auto r = h_.store->Append(Request("organ/bun/decisions", {e}));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r.value() : AppendResult{};
  }
  testing::StoreHarness h_;
};

TEST_F(SchemaEvolutionTest, VersionOnePayloadReadsWithVersionTwoDefaults) {
  Reopen();
  uint64_t pos = Append(V1Payload(), 1).first_position;
  RecordedEvent e = ReadBack(pos);
  EXPECT_EQ(e.schema_version, 1u);
  PayloadReader r(e.payload);
  auto p = r.Root<v2::DecisionPayload>();
  EXPECT_EQ(std::string(p.getTitle().cStr()), "Budget 2028 för barn- och utbildningsnämnden");
  EXPECT_EQ(p.getAmountKr(), 1'250'000'000);
  ASSERT_EQ(p.getSections().size(), 2u);
  EXPECT_EQ(std::string(p.getSections()[1].cStr()), "§ 13");
  EXPECT_TRUE(p.getApproved());
  EXPECT_EQ(p.getQuorum(), 7u);
  EXPECT_EQ(std::string(p.getNote().cStr()), "ingen anteckning");
  EXPECT_FALSE(p.hasSeconder());
  EXPECT_EQ(std::string(p.getSeconder().getName().cStr()), "");
}

TEST_F(SchemaEvolutionTest, VersionTwoPayloadReadsWithVersionOneCode) {
  Reopen();
  Append(V1Payload(), 1);
  uint64_t pos = Append(V2Payload(), 2).first_position;
  RecordedEvent e = ReadBack(pos);
  EXPECT_EQ(e.schema_version, 2u);
  PayloadReader r(e.payload);
  auto old = r.Root<v1::DecisionPayload>();
  EXPECT_EQ(std::string(old.getTitle().cStr()), "Delårsrapport augusti");
  EXPECT_EQ(old.getAmountKr(), -42);
  ASSERT_EQ(old.getSections().size(), 1u);
  EXPECT_EQ(std::string(old.getSections()[0].cStr()), "§ 7");

  // Version-1 code that copies the message on keeps the fields it cannot see.
  capnp::MallocMessageBuilder copy;
  copy.setRoot(old);
  PayloadReader again(Encode(copy));
  auto p = again.Root<v2::DecisionPayload>();
  EXPECT_FALSE(p.getApproved());
  EXPECT_EQ(p.getQuorum(), 5u);
  EXPECT_EQ(std::string(p.getNote().cStr()), "återremitterad");
  EXPECT_EQ(std::string(p.getSeconder().getName().cStr()), "Anna Andersson");
  EXPECT_TRUE(h_.store->Verify({}).ok);
}

TEST_F(SchemaEvolutionTest, PayloadThatDoesNotDecodeIsRefused) {
  Reopen();
  ProposedEvent e = Event("DecisionRecorded", "inte capnp");
  e.schema_version = 1;
  auto r = h_.store->Append(Request("organ/bun/decisions", {e}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "events[0].payload");
  e.payload = V1Payload();
  e.schema_version = 3;
  auto too_new = h_.store->Append(Request("organ/bun/decisions", {e}));
  EXPECT_EQ(too_new.status().field(), "events[0].schema_version");
  EXPECT_FALSE(h_.store->HeadPosition().has_value());
}

}  // namespace
}  // namespace arshjul::storage
