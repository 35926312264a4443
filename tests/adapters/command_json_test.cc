// ParseCommands: the `record` input as a JSON array or one command per line,
// and the Swedish errors that name the command (index or line) and the field.
#include "command_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arshjul/engine/calendar.h"
#include "arshjul/engine/local_time.h"

namespace arshjul::cli {
namespace {

const char* kOne =
    R"({"command":"RecordDecision","command_id":"c1","actor":{"person":"bo","role":"namndsekreterare","organ":"bun"},"payload":{"id":"d1"}})";

TEST(CommandJsonTest, OneCommandPerLineSkippingBlankLines) {
  std::string text = std::string(kOne) + "\n\n" +
                     R"({"command":"ReportForecast","command_id":"c2","actor":{"person":"cia","role":"controller","organ":"bun"},"effective_at":"2026-06-15","payload":{}})" +
                     "\n";
  auto r = ParseCommands(text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  const engine::Command& c = (*r)[0];
  EXPECT_EQ(c.name, "RecordDecision");
  EXPECT_EQ(c.command_id, "c1");
  EXPECT_EQ(c.actor.person_id, "bo");
  EXPECT_EQ(c.actor.role, "namndsekreterare");
  EXPECT_EQ(c.actor.organ, "bun");
  EXPECT_FALSE(c.effective_at.has_value());
  EXPECT_EQ(nlohmann::json::parse(c.payload_json), nlohmann::json::parse(R"({"id":"d1"})"));
  ASSERT_TRUE((*r)[1].effective_at.has_value());
  EXPECT_EQ(engine::LocalDate(*(*r)[1].effective_at), *engine::ParseDate("2026-06-15"));
}

TEST(CommandJsonTest, CommandsJsonIsReadBackToTheSameCommands) {
  engine::Command a;
  a.name = "RecordIndicatorValue";
  a.command_id = "kolada/1 å";
  a.actor = {"sara-lindqvist", "namndsekreterare", "bun"};
  a.effective_at = Timestamp(std::chrono::microseconds(1'782'000'123'456'789));
  a.expected_version = 7;
  a.payload_json = R"({"value":78.5,"text":"Ö \"citat\"","nested":{"list":[1,null,true]}})";
  engine::Command b = a;
  b.command_id = "kolada/2";
  b.effective_at.reset();
  b.expected_version.reset();
  b.payload_json = "{}";
  auto r = ParseCommands(CommandsJson({a, b}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const engine::Command& want = i == 0 ? a : b;
    const engine::Command& got = (*r)[i];
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.command_id, want.command_id);
    EXPECT_EQ(got.actor.person_id, want.actor.person_id);
    EXPECT_EQ(got.actor.role, want.actor.role);
    EXPECT_EQ(got.actor.organ, want.actor.organ);
    EXPECT_EQ(got.effective_at, want.effective_at);
    EXPECT_EQ(got.expected_version, want.expected_version);
    EXPECT_EQ(nlohmann::json::parse(got.payload_json), nlohmann::json::parse(want.payload_json));
  }
}

TEST(CommandJsonTest, AJsonArrayOfCommands) {
  auto r = ParseCommands(std::string("[") + kOne + "," + kOne + "]");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 2u);
}

TEST(CommandJsonTest, ErrorsNameTheCommandAndTheField) {
  auto missing_id = ParseCommands(
      R"([{"command":"RecordDecision","actor":{"person":"bo","role":"r","organ":"bun"},"payload":{}}])");
  ASSERT_FALSE(missing_id.ok());
  EXPECT_EQ(missing_id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing_id.status().field(), "kommando[0].command_id");

  auto bad_actor = ParseCommands(std::string(kOne) + "\n" +
                                 R"({"command":"X","command_id":"c","actor":{"person":"bo","organ":"bun"},"payload":{}})");
  ASSERT_FALSE(bad_actor.ok());
  EXPECT_EQ(bad_actor.status().field(), "rad 2.actor.role");

  auto unknown = ParseCommands(
      R"({"command":"X","command_id":"c","actor":{"person":"a","role":"r","organ":"o"},"payload":{},"extra":1})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().field(), "rad 1.extra");

  auto bad_time = ParseCommands(
      R"({"command":"X","command_id":"c","actor":{"person":"a","role":"r","organ":"o"},"effective_at":"igår","payload":{}})");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_EQ(bad_time.status().field(), "rad 1.effective_at");

  auto not_json = ParseCommands(std::string(kOne) + "\n{inte json");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.status().field(), "rad 2");

  auto empty = ParseCommands(" \n\t");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().field(), "commands");
}

// record takes a stream of documents: pretty-printed over many lines, one
// per line, or arrays; a syntax error names line and column in Swedish.
TEST(CommandJsonTest, AStreamOfPrettyPrintedDocuments) {
  const std::string pretty = "{\"command\": \"X\", \"command_id\": \"a\",\n"
                             " \"actor\": {\"person\": \"p\", \"role\": \"r\", \"organ\": \"o\"},\n"
                             " \"payload\": {\"text\": \"med } och \\\" i\"}}\n\n";
  auto parsed = ParseCommands(pretty + std::string(kOne) + "\n" + pretty);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0].command_id, "a");
  EXPECT_EQ((*parsed)[2].command_id, "a");
  auto broken = ParseCommands(pretty + "{\"command\": \"X\",\n  \"command_id\" \"b\"}");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().field(), "rad 6");
  EXPECT_NE(broken.status().message().find("rad 6, kolumn 18: ogiltig JSON: kolon saknas"), std::string::npos)
      << broken.status().message();
  EXPECT_EQ(broken.status().message().find("parse error"), std::string::npos) << "no English";
}

}  // namespace
}  // namespace arshjul::cli
