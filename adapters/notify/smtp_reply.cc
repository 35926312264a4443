#include "smtp_reply.h"

namespace arshjul::notify {

SmtpReplyReader::Step SmtpReplyReader::Feed(std::string_view line) {
  if (++lines_ > kMaxSmtpReplyLines) return Step::kTooLarge;
  if (line.size() + 2 > kMaxSmtpReplyLine) return Step::kTooLarge;
  if (line.size() < 3) return Step::kMalformed;
  int code = 0;
  for (size_t i = 0; i < 3; ++i) {
    if (line[i] < '0' || line[i] > '9') return Step::kMalformed;
    code = code * 10 + (line[i] - '0');
  }
  if (code < 200 || code > 599) return Step::kMalformed;
  if (code_ != 0 && code != code_) return Step::kMalformed;
  code_ = code;
  bool last = line.size() == 3 || line[3] == ' ';
  if (!last && line[3] != '-') return Step::kMalformed;
  if (!text_.empty()) text_ += " / ";
  text_.append(line.data(), line.size());
  return last ? Step::kDone : Step::kMore;
}

void SmtpReplyReader::Reset() {
  code_ = 0;
  lines_ = 0;
  text_.clear();
}

SmtpReplyReader::Step ParseSmtpReplies(std::string_view bytes, int* replies_done) {
  using Step = SmtpReplyReader::Step;
  SmtpReplyReader reader;
  Step step = Step::kMore;
  *replies_done = 0;
  while (!bytes.empty()) {
    size_t end = bytes.find("\r\n");
    if (end == std::string_view::npos) {
      return bytes.size() + 2 > kMaxSmtpReplyLine ? Step::kTooLarge : Step::kMore;
    }
    step = reader.Feed(bytes.substr(0, end));
    bytes.remove_prefix(end + 2);
    if (step == Step::kDone) {
      ++*replies_done;
      reader.Reset();
    } else if (step != Step::kMore) {
      return step;
    }
  }
  return step;
}

}  // namespace arshjul::notify
