// SmtpReplyReader: parses an SMTP server's reply (RFC 5321 §4.2) line by line,
// with hard caps on line length and on the number of lines, so a hostile or
// broken server cannot grow memory without end. Pure (no I/O): the SMTP client
// feeds it lines; the fuzz target feeds it arbitrary bytes.
//
// Value type; not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace arshjul::notify {

inline constexpr size_t kMaxSmtpReplyLine = 2048;  // bytes, CRLF included (RFC 5321 §4.5.3.1.5 says 512)
inline constexpr size_t kMaxSmtpReplyLines = 64;

class SmtpReplyReader {
 public:
  enum class Step {
    kMore,       // a continuation line ("250-…"): feed the next line
    kDone,       // the last line ("250 …" or "250"): code() and text() are the reply
    kMalformed,  // not "DDD", "DDD " or "DDD-", or the code changed between lines
    kTooLarge,   // more than kMaxSmtpReplyLines lines
  };

  // One line without its CRLF. After kDone, kMalformed or kTooLarge, Reset().
  Step Feed(std::string_view line);
  void Reset();

  int code() const { return code_; }
  const std::string& text() const { return text_; }  // every line, joined by " / "

 private:
  int code_ = 0;
  size_t lines_ = 0;
  std::string text_;
};

// Splits `bytes` at CRLF and feeds each line, as the client does (a line
// longer than kMaxSmtpReplyLine is kTooLarge). Returns the last step; kMore when
// the bytes end inside a reply. For the fuzz target and tests.
SmtpReplyReader::Step ParseSmtpReplies(std::string_view bytes, int* replies_done);

}  // namespace arshjul::notify
