// Access from the command line (docs/api.md, "Behörighet"): `token create |
// list | revoke`, `password set`, and what every write command shares — who
// the --token names, and what to say when the service holds the store.
//
// A store with no token issued is in setup mode: writes need no token (the
// file system is the guard). Once a token exists, every write names its
// caller with --token or ARSHJUL_TOKEN, checked against the store.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "arshjul/engine/domain_state.h"
#include "context.h"

namespace arshjul::cli {

void AddAccessCommands(CLI::App& app, CliContext& ctx, int* exit_code);

// The person ctx.token authenticates; nullopt in setup mode without a token.
// InvalidArgument (field --token) when the store is protected and no token is
// given; Rejected (access.authenticated) for an unknown, revoked or expired token.
Result<std::optional<std::string>> CliCaller(const CliContext& ctx, const engine::DomainState& state);

// A Busy store (the service holds it) explained: go through the service.
Status ExplainBusy(const Status& status);

}  // namespace arshjul::cli
