// Access events: API tokens and feed keys (issued, revoked), page passwords,
// and authentication failures (docs/api.md). They build DomainState::tokens,
// token_ids_by_hash and password_hashes, which access.h's rules read.
#include "arshjul/engine/access.h"
#include "event_spec.h"

namespace arshjul::engine {
namespace {

namespace s = schema;
using std::string;

string NoOrgan(auto) { return {}; }

bool IsHex64(const string& h) {
  if (h.size() != 64) return false;
  for (char c : h)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool IsTokenId(const string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

Status CheckPerson(const RuleContext& ctx, capnp::Text::Reader person) {
  ARSHJUL_RETURN_IF_ERROR(Require(person, "person", "person"));
  if (!ctx.state.org.people.count(Str(person))) {
    return Status::InvalidArgument("okänd person '" + Str(person) + "' (inte registrerad i organisationen)",
                                   "payload.person");
  }
  return Status::Ok();
}

Status CheckScope(const RuleContext& ctx, const string& scope) {
  if (scope == kScopeApi) return Status::Ok();
  if (scope.starts_with("feed:")) {
    string target = scope.substr(5);
    if (ctx.state.org.FindOrgan(target) || ctx.state.org.roles.count(target)) return Status::Ok();
  }
  return Status::InvalidArgument("ogiltig omfattning '" + scope + "' (api eller feed:<organ eller roll>)",
                                 "payload.scope");
}

Status CheckTokenIssued(const RuleContext& ctx, s::TokenIssued::Reader p) {
  if (!IsTokenId(Str(p.getTokenId()))) {
    return Status::InvalidArgument("token-id ska vara 1–64 tecken a-z, 0-9 eller -", "payload.tokenId");
  }
  if (ctx.state.tokens.count(Str(p.getTokenId()))) {
    return Status::InvalidArgument("token-id '" + Str(p.getTokenId()) + "' finns redan", "payload.tokenId");
  }
  ARSHJUL_RETURN_IF_ERROR(CheckPerson(ctx, p.getPerson()));
  if (!IsHex64(Str(p.getHash()))) {
    return Status::InvalidArgument("hash ska vara SHA-256 som 64 hexadecimala tecken", "payload.hash");
  }
  if (ctx.state.token_ids_by_hash.count(Str(p.getHash()))) {
    return Status::InvalidArgument("en token med samma hash finns redan", "payload.hash");
  }
  ARSHJUL_RETURN_IF_ERROR(CheckScope(ctx, Str(p.getScope())));
  return RequireDate(p.getExpires(), "expires", "giltig till");
}

void RegisterTokenEvents(std::vector<EventSpec>& out) {
  out.push_back(Erase<s::TokenIssued>({
      .command = "IssueToken",
      .event_type = "TokenIssued",
      .category = "organization",
      .organ = NoOrgan<s::TokenIssued::Reader>,
      .check = CheckTokenIssued,
      .apply = [](DomainState& st, const EventMeta& meta, s::TokenIssued::Reader p) {
        TokenRow t{Str(p.getTokenId()), Str(p.getPerson()), Str(p.getHash()), Str(p.getScope()), ToDate(p.getExpires()),
                   false, meta.Source()};
        st.token_ids_by_hash[t.hash] = t.id;
        st.tokens[t.id] = std::move(t);
      }}));

  out.push_back(Erase<s::TokenRevoked>({
      .command = "RevokeToken",
      .event_type = "TokenRevoked",
      .category = "organization",
      .organ = NoOrgan<s::TokenRevoked::Reader>,
      .check = [](const RuleContext& ctx, s::TokenRevoked::Reader p) {
        auto it = ctx.state.tokens.find(Str(p.getTokenId()));
        if (it == ctx.state.tokens.end()) {
          return Status::InvalidArgument("okänd token '" + Str(p.getTokenId()) + "'", "payload.tokenId");
        }
        if (it->second.revoked) {
          return Status::InvalidArgument("token '" + Str(p.getTokenId()) + "' är redan återkallad", "payload.tokenId");
        }
        return Status::Ok();
      },
      .apply = [](DomainState& st, const EventMeta&, s::TokenRevoked::Reader p) {
        auto it = st.tokens.find(Str(p.getTokenId()));
        if (it != st.tokens.end()) it->second.revoked = true;
      }}));
}

}  // namespace

void RegisterAccessEvents(std::vector<EventSpec>& out) {
  RegisterTokenEvents(out);
  out.push_back(Erase<s::PasswordSet>({
      .command = "SetPassword",
      .event_type = "PasswordSet",
      .category = "organization",
      .organ = NoOrgan<s::PasswordSet::Reader>,
      .check = [](const RuleContext& ctx, s::PasswordSet::Reader p) {
        ARSHJUL_RETURN_IF_ERROR(CheckPerson(ctx, p.getPerson()));
        if (!Str(p.getHash()).starts_with("$argon2id$")) {
          return Status::InvalidArgument("hash ska vara en Argon2id-sträng ($argon2id$…), aldrig lösenordet",
                                         "payload.hash");
        }
        return Status::Ok();
      },
      .apply = [](DomainState& st, const EventMeta&, s::PasswordSet::Reader p) {
        st.password_hashes[Str(p.getPerson())] = Str(p.getHash());
      }}));

  out.push_back(Erase<s::AuthenticationFailed>({
      .command = "RecordAuthenticationFailure",
      .event_type = "AuthenticationFailed",
      .category = "security",
      .organ = NoOrgan<s::AuthenticationFailed::Reader>,
      .check = [](const RuleContext&, s::AuthenticationFailed::Reader p) { return Require(p.getReason(), "reason", "orsak"); },
      .apply = [](DomainState& st, const EventMeta&, s::AuthenticationFailed::Reader) { ++st.authentication_failures; }}));
}

}  // namespace arshjul::engine
