// Text limits: the one place that says what an identifier or a text may be
// before it reaches the store. The store enforces them for what it keeps
// (command id, stream, actor, event type); the engine enforces them for every
// field of every command, from whichever entry point it comes. Limits are
// documented in docs/input-limits.md.
//
// Free functions without state. Thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "arshjul/storage/status.h"

namespace arshjul::text {

inline constexpr size_t kMaxIdBytes = 256;         // command ids, person/role/organ ids, event types
inline constexpr size_t kMaxTextBytes = 64 * 1024;  // free text (titles, decision texts, names)
inline constexpr size_t kMaxEmailBytes = 254;       // RFC 5321 §4.5.3.1.3 path limit minus the brackets

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// An identifier: 1..max_bytes bytes of valid UTF-8 without control characters
// (C0, DEL, C1) and without leading or trailing white space. InvalidArgument
// with a Swedish message naming `field` (`what` is the field's Swedish name).
Status CheckId(std::string_view s, std::string_view field, std::string_view what, size_t max_bytes = kMaxIdBytes);

// Free text: valid UTF-8 of at most max_bytes; control characters other than
// tab, line feed and carriage return refused. May be empty.
Status CheckText(std::string_view s, std::string_view field, std::string_view what, size_t max_bytes = kMaxTextBytes);

// An e-mail address as one RFC 5321 Mailbox (Local-part "@" Domain): a
// dot-atom local part of RFC 5322 atext (no quoted strings, no comments, no
// white space, no CR/LF), a domain of LDH labels (1–63 bytes each) or an
// address literal is refused; at most 64 bytes local part and 254 in all.
bool IsValidEmail(std::string_view s);
Status CheckEmail(std::string_view s, std::string_view field);

}  // namespace arshjul::text
