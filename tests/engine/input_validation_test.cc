// The engine's validation boundary: every command, whichever entry point it
// comes from, has its fields and every text of its payload checked (ids,
// free text, e-mail) before anything is decided or written.
#include <gtest/gtest.h>

#include "arshjul/engine/command_validation.h"
#include "support/domain_fixture.h"

namespace arshjul::engine {
namespace {

using testing::DomainHarness;

class InputValidationTest : public ::testing::Test {
 protected:
  void ExpectInvalid(const std::string& command, const std::string& id, const std::string& json,
                     const std::string& field) {
    uint64_t before = h_.EventCount();
    auto r = h_.Record(command, id, "anna/kommunsekreterare/kf", json);
    ASSERT_FALSE(r.ok()) << command << " " << json << " went through";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
    EXPECT_EQ(r.status().field(), field) << r.status().ToString();
    EXPECT_EQ(h_.EventCount(), before) << "something was written";
  }
  DomainHarness h_;
  int n_ = 0;
};

TEST_F(InputValidationTest, RegisterPersonRefusesAnEmailWithCrlfOrWhiteSpace) {
  for (const char* email : {R"(a@exempel.se\r\nRCPT TO:<x@evil.example>)", "a b@exempel.se", "a@exempel.se ",
                            "<a@exempel.se>", "a@@exempel.se", "a@localhost", "a@-x.se", R"(\"a\"@exempel.se)",
                            "a..b@exempel.se"}) {
    SCOPED_TRACE(email);
    ExpectInvalid("RegisterPerson", "p-" + std::to_string(++n_),
                  std::string(R"({"id":"evil","name":"Evil","email":")") + email + "\"}", "payload.email");
  }
  h_.MustRecord("RegisterPerson", "p-ok", "anna/kommunsekreterare/kf",
                R"({"id":"ny","name":"Ny Person","email":"ny.person+arshjul@exempel-kommun.se"})");
}

TEST_F(InputValidationTest, IdsAndTextsAreCheckedInEveryPayloadField) {
  ExpectInvalid("SetVision", "v1", R"({"id":"v\u0000x","organ":"kf","text":"t","horizonYear":2035})", "payload.id");
  ExpectInvalid("SetVision", "v2", R"({"id":" v","organ":"kf","text":"t","horizonYear":2035})", "payload.id");
  ExpectInvalid("SetVision", "v3", R"({"id":"v","organ":"kf","text":"a\u001bb","horizonYear":2035})",
                "payload.text");
  ExpectInvalid("SetVision", "v4",
                R"({"id":")" + std::string(300, 'v') + R"(","organ":"kf","text":"t","horizonYear":2035})", "payload.id");
  ExpectInvalid("SetVision", "v5", R"({"id":"v","organ":"kf","text":"t","horizonYear":99999999999})", "payload");
  // Free text keeps line breaks and tabs.
  h_.MustRecord("SetVision", "v-ok", "anna/kommunsekreterare/kf",
                R"({"id":"v-ok","organ":"kf","text":"rad 1\nrad 2\tslut","horizonYear":2035})");
}

TEST_F(InputValidationTest, CommandFieldsAreChecked) {
  Command c;
  c.name = "SetVision";
  c.command_id = std::string("\0x", 2);
  c.actor = {"anna", "kommunsekreterare", "kf"};
  c.payload_json = R"({"id":"v","organ":"kf","text":"t","horizonYear":2035})";
  EXPECT_EQ(ValidateCommandFields(c).field(), "command_id");
  c.command_id = "ok";
  c.actor.person_id = "an\nna";
  EXPECT_EQ(ValidateCommandFields(c).field(), "actor.person");
  c.actor.person_id = "anna";
  c.payload_json = std::string(kMaxPayloadJsonBytes + 1, ' ');
  EXPECT_EQ(ValidateCommandFields(c).field(), "payload");
  uint64_t before = h_.EventCount();
  c.payload_json = R"({"id":"v","organ":"kf","text":"t","horizonYear":2035})";
  c.command_id = std::string("\0x", 2);
  EXPECT_FALSE(h_.handler().Handle(c).ok());
  EXPECT_EQ(h_.EventCount(), before);
}

TEST_F(InputValidationTest, DatesBefore1900AreRefused) {
  ExpectInvalid("SetStrategicGoal", "sg-0",
                R"({"id":"im-0","organ":"kf","title":"T","periodFrom":"0000-01-01"})", "payload.periodFrom");
}

}  // namespace
}  // namespace arshjul::engine
