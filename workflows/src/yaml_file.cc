#include "yaml_file.h"

#include <filesystem>
#include <fstream>

#include "arshjul/storage/text_limits.h"

namespace arshjul::workflows {

Status CheckYamlText(std::string_view text, const std::string& source_name) {
  if (text.size() > kMaxYamlFileBytes) {
    return Status::InvalidArgument(source_name + ": filen är större än " + std::to_string(kMaxYamlFileBytes >> 20) +
                                   " MiB");
  }
  if (text::IsValidUtf8(text)) return Status::Ok();
  // The line of the first byte that is not UTF-8, for the message.
  size_t line = 1, start = 0;
  for (size_t end = text.find('\n'); ; end = text.find('\n', start)) {
    std::string_view part = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!text::IsValidUtf8(part)) break;
    if (end == std::string_view::npos) break;
    ++line;
    start = end + 1;
  }
  return Status::InvalidArgument(source_name + ":" + std::to_string(line) + ": texten är inte giltig UTF-8");
}

Result<std::string> ReadYamlFile(const std::string& path, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound(what + " finns inte: " + path);
  if (!fs::is_regular_file(path, ec)) {
    return Status::InvalidArgument(what + " " + path + " är ingen vanlig fil (en mapp, en enhet eller ett rör)");
  }
  uintmax_t size = fs::file_size(path, ec);
  if (ec) return Status::IOError("kan inte läsa " + what + ": " + path + ": " + ec.message());
  if (size > kMaxYamlFileBytes) {
    return Status::InvalidArgument(what + " " + path + " är större än " + std::to_string(kMaxYamlFileBytes >> 20) +
                                   " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("kan inte läsa " + what + ": " + path);
  std::string text(kMaxYamlFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::IOError("kan inte läsa " + what + ": " + path);
  text.resize(static_cast<size_t>(in.gcount()));
  ARSHJUL_RETURN_IF_ERROR(CheckYamlText(text, path));
  return text;
}

}  // namespace arshjul::workflows
