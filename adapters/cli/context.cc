// CliContext's error printer: how every subcommand reports a failed Status.
#include "context.h"

#include "exit_codes.h"

namespace arshjul::cli {

int CliContext::Fail(const Status& s) const {
  *err << "fel: " << s.message();
  if (!s.field().empty()) *err << " (fält: " << s.field() << ")";
  if (!s.rule().empty()) *err << " [regel: " << s.rule() << "]";
  *err << "\n";
  return ExitCodeFor(s);
}

}  // namespace arshjul::cli
