// PDF from the report's HTML, printed by WeasyPrint (Debian's weasyprint: a
// well-kept HTML/CSS-to-PDF printer with paged media, so the PDF is the same
// page as the HTML). Its output is reproducible: the document dates come from
// the page's dcterms meta tags (the as-of date), and SOURCE_DATE_EPOCH (the
// as-of date) fixes the time fontTools stamps into the embedded font subsets.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "arshjul/engine/local_time.h"
#include "drawn_report.h"

namespace arshjul::report {
namespace {

// Runs `weasyprint in out` with SOURCE_DATE_EPOCH set; its messages go to /dev/null.
Status RunWeasyPrint(const std::string& in, const std::string& out, long long epoch) {
  pid_t pid = fork();
  if (pid < 0) return Status::IOError("kunde inte starta weasyprint");
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      dup2(devnull, STDOUT_FILENO);
      dup2(devnull, STDERR_FILENO);
    }
    std::string epoch_text = std::to_string(epoch);
    setenv("SOURCE_DATE_EPOCH", epoch_text.c_str(), 1);
    execlp("weasyprint", "weasyprint", "--quiet", in.c_str(), out.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::IOError("weasyprint: waitpid misslyckades");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    return Status::IOError("weasyprint saknas (installera Debians paket weasyprint)");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return Status::IOError("weasyprint kunde inte skriva PDF:en");
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderPdf(const DrawnReport& report) {
  std::string dir_template = (std::filesystem::temp_directory_path() / "arshjul-pdf-XXXXXX").string();
  if (!mkdtemp(dir_template.data())) return Status::IOError("kunde inte skapa en tillfällig mapp för PDF:en");
  std::filesystem::path dir(dir_template);
  std::string html = (dir / "rapport.html").string(), pdf = (dir / "rapport.pdf").string();
  Status st = [&]() -> Status {
    std::ofstream(html, std::ios::binary) << RenderHtml(report);
    long long epoch = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::sys_days(report.model.as_of).time_since_epoch())
                          .count();
    return RunWeasyPrint(html, pdf, epoch);
  }();
  std::string bytes;
  if (st.ok()) {
    std::ifstream in(pdf, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    bytes = buf.str();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (!st.ok()) return st;
  return bytes;
}

}  // namespace arshjul::report
