#include "parse_errors.h"

#include <regex>

namespace arshjul::cli {

std::string SwedishParseError(const CLI::ParseError& e) {
  const std::string what = e.what();
  std::smatch m;
  static const std::regex required(R"(^(\S+) is required$)");
  static const std::regex convert(R"(^Could not convert: (\S+) = (.*)$)");
  static const std::regex extras(R"(^The following arguments? (?:was|were) not expected: (.*)$)");
  static const std::regex missing(R"(^(\S+): \d+ required \S+ missing$)");
  static const std::regex excludes(R"(^(\S+) excludes (\S+)$)");
  static const std::regex requires_(R"(^(\S+) requires (\S+)$)");
  if (what.find("subcommand is required") != std::string::npos) return "ange ett kommando";
  if (std::regex_match(what, m, required)) return m[1].str() + " krävs";
  if (std::regex_match(what, m, convert)) return m[1].str() + ": kan inte tolka värdet '" + m[2].str() + "'";
  if (std::regex_match(what, m, extras)) return "okänt argument: " + m[1].str();
  if (std::regex_match(what, m, missing)) return m[1].str() + ": värdet saknas";
  if (std::regex_match(what, m, excludes)) return m[1].str() + " kan inte kombineras med " + m[2].str();
  if (std::regex_match(what, m, requires_)) return m[1].str() + " kräver " + m[2].str();
  if (what.find("Too many positional") != std::string::npos) return "för många argument";
  return "felaktiga argument";
}

void UseSwedishHelp(CLI::App& app) {
  auto f = app.get_formatter();
  f->label("Usage", "Användning");
  f->label("OPTIONS", "FLAGGOR");
  f->label("SUBCOMMAND", "KOMMANDO");
  f->label("SUBCOMMANDS", "KOMMANDON");
  f->label("Options", "Flaggor");
  f->label("Positionals", "Argument");
  f->label("Subcommands", "Kommandon");
  f->label("REQUIRED", "KRÄVS");
  f->label("TEXT", "TEXT");
  f->label("INT", "HELTAL");
  f->label("FLOAT", "TAL");
  f->label("Excludes", "Utesluter");
  f->label("Needs", "Kräver");
  app.option_defaults()->group("Flaggor");  // subcommands inherit it
  app.set_help_flag("-h,--help", "Visa den här hjälpen");
}

void SwedishSubcommandGroups(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    sub->group("Kommandon");
    sub->option_defaults()->group("Flaggor");
    sub->set_help_flag("-h,--help", "Visa den här hjälpen");  // made before the group was set
    SwedishSubcommandGroups(*sub);
  }
}

}  // namespace arshjul::cli
