// The verifiable-revision subcommands: keygen (an Ed25519 key pair for
// checkpoints), checkpoint (sign the tree head and record it in the log),
// proof inclusion|consistency (JSON), and revision-package (the offline
// package arshjul-verify checks).
#pragma once

#include <CLI/CLI.hpp>

#include "checkpoint_log.h"
#include "context.h"

namespace arshjul::cli {

// The event type a checkpoint is recorded as (adapters/revision/checkpoint_log.h).
using revision::kCheckpointEventType;
using revision::kCheckpointStream;

void AddRevisionCommands(CLI::App& app, CliContext& ctx, int* exit_code);

// `verify --checkpoint FILE --key FILE`: the checkpoint is signed by the key and
// today's log extends it (a consistency proof from its size to the head).
// Prints the verdict; returns the exit code.
int VerifyAgainstCheckpoint(const CliContext& ctx, storage::EventStore& store, const std::string& checkpoint_file,
                            const std::string& key_file);

using revision::RegisterCheckpointType;

// Reads a whole file; NotFound naming `field` when it cannot be read.
Result<std::string> ReadTextFile(const std::string& path, const std::string& field);

// revision_package.cc
// Writes the package of `organ`'s period into `out` (a new folder, or FILE.zip
// when it ends in .zip); on any error nothing is left behind.
Status MakeRevisionPackage(const CliContext& ctx, storage::EventStore& store, const std::string& organ,
                           const std::string& from, const std::string& to, const std::string& out, uint64_t* count);
// The same package as zip bytes (built in a temporary folder): the service's download.
Result<std::string> RevisionPackageZip(const CliContext& ctx, storage::EventStore& store, const std::string& organ,
                                       const std::string& from, const std::string& to);
int RunRevisionPackage(const CliContext& ctx, const std::string& organ, const std::string& from,
                       const std::string& to, const std::string& out_dir);

}  // namespace arshjul::cli
