// Reading a template file and the files it extends: each file is parsed into
// fields with their cursors, merged over the file it extends, and only then
// read into engine types, so that every error names the file and line that
// wrote the field at fault.

#include "arshjul/workflows/template_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <fstream>
#include <iterator>

#include "template_steps.h"
#include "yaml_cursor.h"
#include "yaml_file.h"

namespace arshjul::workflows {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxExtendsDepth = 8;

Result<std::string> ReadFile(const std::string& path) { return ReadYamlFile(path, "mallen"); }

struct RawStep {
  std::string id;
  Field where;  // the step's map in the last file that names it
  FieldList fields;
};

// The merged fields of a template and the files it extends.
struct Merged {
  std::string id;
  std::string name;
  FieldList defaults;
  std::vector<RawStep> steps;
  std::vector<std::string> sources;
};

using FileReader = std::function<Result<std::string>(const std::string& path)>;

class Loader {
 public:
  // `self`: the file being parsed, when it is one, so that extending it is a cycle.
  // `read` reads an extended file (default: from disk).
  explicit Loader(const std::string& self, FileReader read = ReadFile) : read_(std::move(read)) {
    std::error_code ec;
    if (!self.empty()) chain_.push_back(fs::weakly_canonical(self, ec));
  }

  Status MergeText(std::string_view text, const std::string& source_name, const fs::path& base_dir, int depth) {
    const std::string& source = sources_.emplace_back(source_name);
    ARSHJUL_RETURN_IF_ERROR(CheckYamlText(text, source));
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      return Status::InvalidArgument(source + ":" + std::to_string(e.mark.is_null() ? 0 : e.mark.line + 1) +
                                     ": YAML-fel: " + SwedishYamlError(e.msg));
    }
    const Cursor c = Cursor::Root(root, source);
    if (!c.node().IsMap()) return c.Error("mallen ska vara en mappning med id, name och steps");
    ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"id", "name", "extends", "defaults", "steps"}));
    if (c.Key("extends").present()) ARSHJUL_RETURN_IF_ERROR(MergeParent(c.Key("extends"), base_dir, depth));
    ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(c.Key("id")));
    ARSHJUL_ASSIGN_OR_RETURN(auto name, ReadText(c.Key("name")));
    merged_.id = id;
    merged_.name = name;
    merged_.sources.push_back(source);
    ARSHJUL_RETURN_IF_ERROR(MergeDefaults(c.Key("defaults"), source));
    return MergeSteps(c.Key("steps"), source);
  }

  Result<engine::AnnualCycleTemplate> Finish() {
    engine::AnnualCycleTemplate t;
    t.id = merged_.id;
    t.name = merged_.name;
    t.sources = merged_.sources;
    for (const RawStep& raw : merged_.steps) {
      ARSHJUL_ASSIGN_OR_RETURN(auto step, ReadStep(raw.id, raw.where, raw.fields, merged_.defaults));
      t.steps.push_back(std::move(step));
    }
    ARSHJUL_RETURN_IF_ERROR(engine::ValidateTemplate(t));
    return t;
  }

 private:
  Status MergeParent(const Cursor& extends, const fs::path& base_dir, int depth) {
    ARSHJUL_ASSIGN_OR_RETURN(auto rel, ReadText(extends));
    if (depth >= kMaxExtendsDepth) return extends.Error("för många led av extends (högst 8)");
    const fs::path path = (base_dir / rel).lexically_normal();
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    for (const fs::path& seen : chain_) {
      if (seen == canonical) return extends.Error("extends bildar en cykel: " + path.string());
    }
    auto text = read_(path.string());
    if (!text.ok()) {
      const Status e = extends.Error(text.status().message());
      return text.status().code() == StatusCode::kNotFound ? Status::NotFound(e.message()) : e;
    }
    chain_.push_back(canonical);
    Status st = MergeText(*text, path.string(), path.parent_path(), depth + 1);
    chain_.pop_back();
    return st;
  }

  Status MergeDefaults(const Cursor& c, const std::string& source) {
    ARSHJUL_RETURN_IF_ERROR(ExpectMap(c, {"reminders", "escalation", "completion"}));
    ARSHJUL_ASSIGN_OR_RETURN(auto entries, MapEntries(c));
    for (auto& [key, value] : entries) SetField(merged_.defaults, Field{key, value, &source});
    return Status::Ok();
  }

  Status MergeSteps(const Cursor& c, const std::string& source) {
    ARSHJUL_ASSIGN_OR_RETURN(auto items, ListItems(c));
    std::vector<std::string> in_this_file;
    for (const Cursor& item : items) {
      if (!item.node().IsMap()) return item.Error("ett steg ska vara en mappning med id, title, kind …");
      ARSHJUL_ASSIGN_OR_RETURN(auto id, ReadId(item.Key("id")));
      const Cursor step = item.At(item.node(), "steps[" + id + "]", item.line());
      ARSHJUL_RETURN_IF_ERROR(ExpectMap(step, {"id", "title", "kind", "responsible", "deadline", "period", "repeat",
                                               "years", "reminders", "escalation", "legal_basis", "depends_on",
                                               "completion", "decides", "statutory", "election_year", "started_by",
                                               "remove"}));
      if (std::find(in_this_file.begin(), in_this_file.end(), id) != in_this_file.end())
        return step.Key("id").Error("steget finns redan i den här filen");
      in_this_file.push_back(id);
      ARSHJUL_RETURN_IF_ERROR(MergeStep(id, step, source));
    }
    return Status::Ok();
  }

  Status MergeStep(const std::string& id, const Cursor& step, const std::string& source) {
    auto it = std::find_if(merged_.steps.begin(), merged_.steps.end(), [&](const RawStep& r) { return r.id == id; });
    if (step.Key("remove").present()) {
      ARSHJUL_ASSIGN_OR_RETURN(auto remove, ReadBool(step.Key("remove")));
      if (!remove) return step.Key("remove").Error("remove kan bara vara true");
      if (it == merged_.steps.end()) return step.Key("remove").Error("det finns inget ärvt steg med detta id att ta bort");
      if (step.node().size() != 2) return step.Key("remove").Error("ett steg som tas bort har bara id och remove");
      merged_.steps.erase(it);
      return Status::Ok();
    }
    ARSHJUL_ASSIGN_OR_RETURN(auto entries, MapEntries(step));
    if (it == merged_.steps.end()) {
      merged_.steps.push_back(RawStep{id, Field{"", step, &source}, {}});
      it = std::prev(merged_.steps.end());
    }
    it->where = Field{"", step, &source};
    for (auto& [key, value] : entries) {
      if (key != "id") SetField(it->fields, Field{key, value, &source});
    }
    return Status::Ok();
  }

  std::deque<std::string> sources_;  // stable addresses for the Fields' and Cursors' source names
  std::vector<fs::path> chain_;      // the files being extended, for cycles
  Merged merged_;
  FileReader read_;
};

}  // namespace

Result<engine::AnnualCycleTemplate> ParseTemplate(std::string_view yaml_text, const std::string& source_name,
                                                  const std::string& base_dir) {
  std::error_code ec;
  Loader loader(fs::is_regular_file(source_name, ec) ? source_name : "");
  try {
    ARSHJUL_RETURN_IF_ERROR(loader.MergeText(yaml_text, source_name, base_dir, 0));
    return loader.Finish();
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    return Status::InvalidArgument(source_name + ":" + std::to_string(line) + ": YAML-fel: " + SwedishYamlError(e.msg));
  }
}

Result<engine::AnnualCycleTemplate> LoadTemplate(const std::string& path) {
  ARSHJUL_ASSIGN_OR_RETURN(auto text, ReadFile(path));
  return ParseTemplate(text, path, fs::path(path).parent_path().string());
}

Result<TemplateFiles> ReadTemplateFiles(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  TemplateFiles files;
  files.main_path = path;
  files.files.emplace_back(path, *text);
  auto recording = [&files](const std::string& p) -> Result<std::string> {
    auto t = ReadFile(p);
    if (t.ok()) files.files.emplace_back(p, *t);
    return t;
  };
  std::error_code ec;
  Loader loader(fs::is_regular_file(path, ec) ? path : "", recording);
  try {
    ARSHJUL_RETURN_IF_ERROR(loader.MergeText(*text, path, fs::path(path).parent_path(), 0));
    auto tmpl = loader.Finish();
    if (!tmpl.ok()) return tmpl.status();
    files.template_id = tmpl->id;
    files.name = tmpl->name;
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    return Status::InvalidArgument(path + ":" + std::to_string(line) + ": YAML-fel: " + SwedishYamlError(e.msg));
  }
  return files;
}

Result<engine::AnnualCycleTemplate> ParseTemplateFiles(const TemplateFiles& files) {
  if (files.files.empty()) return Status::InvalidArgument("mallens filer saknas", "files");
  std::map<std::string, std::string> by_path(files.files.begin(), files.files.end());
  auto stored = [&by_path](const std::string& p) -> Result<std::string> {
    auto it = by_path.find(p);
    if (it == by_path.end()) return Status::NotFound("mallen finns inte bland de antagna filerna: " + p);
    return it->second;
  };
  Loader loader("", stored);
  try {
    ARSHJUL_RETURN_IF_ERROR(loader.MergeText(files.files.front().second, files.main_path,
                                             fs::path(files.main_path).parent_path(), 0));
    return loader.Finish();
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    return Status::InvalidArgument(files.main_path + ":" + std::to_string(line) + ": YAML-fel: " + SwedishYamlError(e.msg));
  }
}

std::string ResolveTemplatePath(const std::string& name_or_path, const std::string& shipped_dir) {
  std::error_code ec;
  if (name_or_path.find('/') != std::string::npos || fs::exists(name_or_path, ec)) return name_or_path;
  if (name_or_path == "standard") return (fs::path(shipped_dir) / "templates" / "standard.yaml").string();
  const fs::path example = fs::path(shipped_dir) / "examples" / name_or_path / "arshjul.yaml";
  if (fs::exists(example, ec)) return example.string();
  return name_or_path;
}

}  // namespace arshjul::workflows
