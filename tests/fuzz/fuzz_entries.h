// The fuzz targets' entry functions, one per parser that takes outside input.
// Each feeds `data` through the same code the program runs on that input and
// returns 0; a crash, sanitizer report or leak is the finding. Used by the
// libFuzzer targets (tests/fuzz/targets/, -DARSHJUL_FUZZ=ON with clang) and by
// the corpus replay that ctest runs on every build (corpus_replay.cc).
//
// Not thread-safe (the targets keep small static state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace arshjul::fuzz {

// Command JSON as `record` reads it, then each command through the engine's
// validation and payload encoding (the checks before a command is decided).
int CommandJson(const uint8_t* data, size_t size);
// An organisation file, then the init diff against an empty kommun and the
// encoding of every command it yields (where invalid UTF-8 once crashed).
int OrganizationYaml(const uint8_t* data, size_t size);
// A template file (extends resolved against a folder that does not exist).
int TemplateYaml(const uint8_t* data, size_t size);
// A stored value as the store decodes it (hash ‖ canonical envelope words).
int Envelope(const uint8_t* data, size_t size);
// Bytes from an SMTP server, split into replies.

using Entry = int (*)(const uint8_t*, size_t);
// The entry named "command_json", "organization_yaml", …; nullptr if none.
Entry FindEntry(std::string_view name);

}  // namespace arshjul::fuzz
