// Internet message format for reminder e-mails: RFC 5322 headers with RFC
// 2047 encoded words for Swedish text, a quoted-printable UTF-8 body, and the
// stable Message-ID that makes a re-sent reminder
// recognisable as the same message. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "arshjul/storage/clock.h"

namespace arshjul::notify {

// `text` as it may stand in a header: unchanged when it is printable ASCII,
// else RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters, never
// splitting a UTF-8 character, joined by folding whitespace ("\r\n ").
std::string EncodeHeaderText(std::string_view text);

// A UTF-8 body as quoted-printable (RFC 2045) with CRLF line ends and soft
// breaks keeping lines at most 76 characters. Line ends in `text` may be LF or CRLF.
std::string QuotedPrintable(std::string_view text);

// "<id.recipient@arshjul>": the same for every send of one delivery.
// Characters outside [A-Za-z0-9/_+-] are written as "=XX", so distinct
// (id, recipient) pairs give distinct Message-IDs.
std::string MessageIdFor(std::string_view notification_id, std::string_view recipient);

// RFC 5322 date in Stockholm time: "Mon, 29 Mar 2027 08:00:00 +0200".
std::string MailDate(Timestamp t);

struct MailMessage {
  std::string from_address;
  std::string from_name;
  std::string to_address;
  std::string to_name;
  std::string subject;
  std::string body;        // UTF-8 plain text
  std::string message_id;  // with angle brackets
  Timestamp date{};
  std::string notification_id;  // X-Arshjul-Notification
};

// The whole message, headers and body, with CRLF line ends (not dot-stuffed).
std::string FormatMessage(const MailMessage& m);

}  // namespace arshjul::notify
