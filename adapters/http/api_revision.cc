// The verifiable-revision routes: the latest signed checkpoint, inclusion and
// consistency proofs, and the revision package as a zip for revisorer
// (docs/revision.md).
#include "api.h"
#include "checkpoint_log.h"
#include "proof_json.h"
#include "query_params.h"

namespace arshjul::http {
namespace {

using beast_http::status;

// A proof's error with the field named as the query parameter (the shared
// prover names the CLI's flags: --position → position).
Problem ProofProblem(const Status& s, const std::string& field) {
  Problem p = ProblemFor(s);
  if (!p.field.empty()) p.field = field;
  return p;
}

Result<uint64_t> RequiredNumber(const Call& call, const std::string& name) {
  auto n = Number(call, name, 0, UINT64_MAX / 2);
  if (!n.ok()) return n.status();
  if (!*n) return Status::InvalidArgument(name + " saknas", name);
  return **n;
}

}  // namespace

Response Api::GetCheckpoint(Call& call) {
  auto recent = revision::RecentCheckpoints(store_, 1);
  if (!recent.ok()) return ProblemResponse(call.req, ProblemFor(recent.status()));
  if (recent->empty()) {
    return ProblemResponse(call.req, MakeProblem(status::not_found,
                                                 "loggen har ingen checkpoint ännu (arshjul checkpoint, eller serve "
                                                 "--checkpoint-key)"));
  }
  const revision::PublishedCheckpoint& cp = recent->back();
  if (Param(call, "format") == "json") {
    return JsonResponse(call.req, status::ok,
                        {{"checkpoint", cp.note}, {"public_key", cp.public_key}, {"origin", cp.parsed.origin},
                         {"size", cp.parsed.size}, {"root", storage::HashToHex(cp.parsed.root)},
                         {"time", cp.parsed.time}, {"position", cp.position}});
  }
  return TextResponse(call.req, status::ok, "text/plain; charset=utf-8", cp.note);
}

Response Api::GetInclusionProof(Call& call) {
  auto position = RequiredNumber(call, "position");
  if (!position.ok()) return ProblemResponse(call.req, ProblemFor(position.status()));
  auto size = Number(call, "size", 1, UINT64_MAX / 2);
  if (!size.ok()) return ProblemResponse(call.req, ProblemFor(size.status()));
  auto p = storage::ProveInclusion(store_, *position, *size);
  if (!p.ok()) return ProblemResponse(call.req, ProofProblem(p.status(), *size && *position < **size ? "size" : "position"));
  return JsonResponse(call.req, status::ok, revision::InclusionProofJson(*p));
}

Response Api::GetConsistencyProof(Call& call) {
  auto from = RequiredNumber(call, "from");
  if (!from.ok()) return ProblemResponse(call.req, ProblemFor(from.status()));
  auto to = Number(call, "to", 0, UINT64_MAX / 2);
  if (!to.ok()) return ProblemResponse(call.req, ProblemFor(to.status()));
  auto p = storage::ProveConsistency(store_, *from, *to);
  if (!p.ok()) return ProblemResponse(call.req, ProofProblem(p.status(), p.status().field() == "--to" ? "to" : "from"));
  return JsonResponse(call.req, status::ok, revision::ConsistencyProofJson(*p));
}

Response Api::GetRevisionPackage(Call& call) {
  if (!config_.revision_package) {
    return ProblemResponse(call.req, MakeProblem(status::not_found, "tjänsten gör inga revisionspaket"));
  }
  std::string organ = Param(call, "organ"), from = Param(call, "from"), to = Param(call, "to");
  for (const auto& [name, value] : {std::pair{"organ", organ}, {"from", from}, {"to", to}}) {
    if (value.empty()) return ProblemResponse(call.req, MakeProblem(status::bad_request, std::string(name) + " saknas", name));
  }
  auto zip = config_.revision_package(organ, from, to);
  if (!zip.ok()) {
    Problem p = ProblemFor(zip.status());
    if (p.field.starts_with("--")) p.field = p.field.substr(2);
    return ProblemResponse(call.req, p);
  }
  Response res = TextResponse(call.req, status::ok, "application/zip", std::move(zip).value());
  SetAttachment(res, "revisionspaket-" + organ + "-" + from + "-" + to + ".zip");
  return res;
}

}  // namespace arshjul::http
