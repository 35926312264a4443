// The verifiable-revision subcommands: keygen (an Ed25519 key pair for
// checkpoints), checkpoint (sign the tree head and record it in the log),
// proof inclusion|consistency (JSON), and revision-package (the offline
// package arshjul-verify checks).
#pragma once

#include <CLI/CLI.hpp>

#include "context.h"

namespace arshjul::cli {

// The storage-level event type a checkpoint is recorded as; its payload is
// JSON {"note": signed checkpoint text, "public_key": verifier key text}.
inline constexpr const char* kCheckpointEventType = "CheckpointPublished";
inline constexpr const char* kCheckpointStream = "log/checkpoints";

void AddRevisionCommands(CLI::App& app, CliContext& ctx, int* exit_code);

// `verify --checkpoint FILE --key FILE`: the checkpoint is signed by the key and
// today's log extends it (a consistency proof from its size to the head).
// Prints the verdict; returns the exit code.
int VerifyAgainstCheckpoint(const CliContext& ctx, storage::EventStore& store, const std::string& checkpoint_file,
                            const std::string& key_file);

// Registers the checkpoint event type in the store's registry.
void RegisterCheckpointType(storage::TypeRegistry* types);

// Reads a whole file; NotFound naming `field` when it cannot be read.
Result<std::string> ReadTextFile(const std::string& path, const std::string& field);

// revision_package.cc
int RunRevisionPackage(const CliContext& ctx, const std::string& organ, const std::string& from,
                       const std::string& to, const std::string& out_dir);

}  // namespace arshjul::cli
