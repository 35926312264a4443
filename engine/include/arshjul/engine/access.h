// Access: who may read and record what (docs/api.md, "Behörighet"). Pure
// rules over DomainState — the organisation's role holdings and the issued
// tokens — used alike by the HTTP service and the CLI. Authentication itself
// (hashing a presented token, checking a password) happens in adapters; these
// functions only look the result up. Stateless; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "arshjul/engine/command.h"
#include "arshjul/engine/domain_state.h"

namespace arshjul::engine {

// The role that administers the organisation file, tokens and rule settings.
inline constexpr const char* kAdministratorRole = "systemforvaltare";
// The role that reads everything and records nothing (förtroendevalda revisorer).
inline constexpr const char* kAuditorRole = "revisor";
// Token scopes: the API, or the read key of one iCalendar feed.
inline constexpr const char* kScopeApi = "api";
std::string FeedScope(std::string_view organ_or_role);  // "feed:<organ or role>"

// True once any token has been issued: from then on every write must be
// authenticated. A store without tokens is in setup mode (the file system is
// the only guard), as every store was before tokens existed.
bool AccessProtected(const DomainState& state);

// The token whose SHA-256 (hex) is `hash`, if it is issued with `scope`, not
// revoked and not expired on `today`.
const TokenRow* FindActiveToken(const DomainState& state, std::string_view hash, std::string_view scope, Date today);

bool IsAdministrator(const Organization& org, std::string_view person, Date today);
bool IsAuditor(const Organization& org, std::string_view person, Date today);
bool HoldsAnyRole(const Organization& org, std::string_view person, Date today);

// The actor an administrator records organisation commands as: the person,
// the administrator role and the organ of their first such holding that day.
std::optional<storage::Actor> AdministratorActor(const Organization& org, std::string_view person, Date today);

// What a person may read: everything (anyone holding a role, auditors
// included), or only their own reminders (a registered person without a role).
enum class ReadScope { kNothing, kOwnReminders, kEverything };
ReadScope ReadScopeOf(const Organization& org, std::string_view person, Date today);

// Whether `caller` (an authenticated person) may submit `command`, whose
// catalog category is `category`, on `today`. Rejected with the rule id:
//   access.actor_is_caller   the command's actor is someone else (field actor.person)
//   access.auditor_read_only the caller claims the auditor role (actor.role)
//   access.administrator     an organisation or access command by a non-administrator (actor.role)
//   access.system_only       a command only the service records (reminders, security) (command)
// The role and organ claimed are further checked by CommandHandler (actor.holds_role).
Status AuthorizeCommand(const DomainState& state, std::string_view caller, const Command& command,
                        std::string_view category, Date today);

// True for refusals that mean "not allowed" (HTTP 403) rather than a business rule (422).
bool IsAccessRule(std::string_view rule);

}  // namespace arshjul::engine
