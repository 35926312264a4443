// Swedish for the argument parser's messages: CLI11 reports errors and prints
// help in English; main shows users these translations instead. Pure
// functions; thread-safe.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace arshjul::cli {

// The Swedish message for a CLI11 parse error, naming the option or argument.
std::string SwedishParseError(const CLI::ParseError& e);

// Swedish headings in every (sub)command's help ("Användning", "Flaggor", …):
// UseSwedishHelp before the subcommands are added, SwedishSubcommandGroups after.
void UseSwedishHelp(CLI::App& app);
void SwedishSubcommandGroups(CLI::App& app);

}  // namespace arshjul::cli
