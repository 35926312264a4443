#include "fuzz_entries.h"

#include <string>

#include "arshjul/engine/command_validation.h"
#include "arshjul/engine/event_catalog.h"
#include "arshjul/engine/organization_changes.h"
#include "arshjul/workflows/organization_loader.h"
#include "arshjul/workflows/template_loader.h"
#include "command_json.h"
#include "envelope_codec.h"

namespace arshjul::fuzz {
namespace {

std::string Text(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

// What the command handler does before it decides: validate, find, encode and
// read the payload's organ and date.
void Encode(const engine::Command& c) {
  if (!engine::ValidateCommandFields(c).ok()) return;
  const engine::EventSpec* spec = engine::FindByCommand(c.name);
  if (spec == nullptr) return;
  auto payload = spec->encode(c.payload_json);
  if (!payload.ok()) return;
  (void)spec->organ(*payload);
  (void)spec->date(*payload);
  (void)spec->to_json(*payload);
}

}  // namespace

int CommandJson(const uint8_t* data, size_t size) {
  auto commands = cli::ParseCommands(Text(data, size));
  if (!commands.ok()) return 0;
  for (const auto& c : *commands) Encode(c);
  return 0;
}

int OrganizationYaml(const uint8_t* data, size_t size) {
  auto org = workflows::ParseOrganization(Text(data, size), "fuzz.yaml");
  if (!org.ok()) return 0;
  (void)workflows::FormatOrganization(*org);
  engine::OrganizationDiff diff = engine::DiffOrganization(engine::Organization{}, *org, {"system", "system", "ks"}, "init/0");
  for (const auto& c : diff.commands) Encode(c);
  return 0;
}

int TemplateYaml(const uint8_t* data, size_t size) {
  (void)workflows::ParseTemplate(Text(data, size), "fuzz.yaml", "/nonexistent-arshjul-fuzz");
  return 0;
}

int Envelope(const uint8_t* data, size_t size) {
  storage::RecordedEvent e;
  if (!storage::DecodeStoredValue(std::string_view(reinterpret_cast<const char*>(data), size), &e).ok()) {
    return 0;
  }
  (void)storage::EncodeEnvelope(e);
  return 0;
}

Entry FindEntry(std::string_view name) {
  if (name == "command_json") return CommandJson;
  if (name == "organization_yaml") return OrganizationYaml;
  if (name == "template_yaml") return TemplateYaml;
  if (name == "envelope") return Envelope;
  return nullptr;
}

}  // namespace arshjul::fuzz
