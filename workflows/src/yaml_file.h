// Reading a YAML data file (organisation file, template) safely: only a
// regular file, at most kMaxYamlFileBytes, and only valid UTF-8 — checked
// before yaml-cpp sees the text. Internal to workflows/. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "arshjul/storage/status.h"

namespace arshjul::workflows {

inline constexpr size_t kMaxYamlFileBytes = 4u << 20;

// NotFound when `path` does not exist; InvalidArgument (Swedish, naming the
// file) when it is no regular file (a device, a folder, a pipe), is larger than
// the limit or is not valid UTF-8; IOError when it cannot be read. `what` names
// the file's kind in messages ("organisationsfilen", "mallen").
Result<std::string> ReadYamlFile(const std::string& path, const std::string& what);

// The size and UTF-8 checks alone, for text given directly ("source:line: …").
Status CheckYamlText(std::string_view text, const std::string& source_name);

}  // namespace arshjul::workflows
