// ApiClient: what the CLI's write commands use to go through a running
// service (`--server URL --token …`): one HTTP/1.1 request over Beast,
// synchronously. Stateless; thread-safe.
#pragma once

#include <string>

#include "arshjul/storage/status.h"

namespace arshjul::cli {

struct ApiReply {
  int status = 0;
  std::string body;
};

// `method` "GET", "POST" or "DELETE" to `server` ("http://host:port") + `path`, with the
// token as Bearer and `body` as JSON. IOError when the service cannot be reached.
Result<ApiReply> CallApi(const std::string& server, const std::string& token, const std::string& method,
                         const std::string& path, const std::string& body);

// Prints a reply the way the CLI prints results: the body on success, the
// problem's detail as "fel: …" otherwise. Returns the exit code.
int PrintReply(const ApiReply& reply, std::ostream& out, std::ostream& err);

}  // namespace arshjul::cli
