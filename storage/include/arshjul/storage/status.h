// Status and Result<T>: how every fallible operation in arshjul reports failure.
//
// Errors are values (as in LevelDB/RocksDB): a function that can fail returns a
// Status or a Result<T>; exceptions are bugs. A Status carries a code, a message
// for the user (Swedish, since it reaches CLI output and web pages), and
// optionally the rule and the field that caused a refusal. Value type,
// thread-compatible.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace arshjul {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // malformed input: nothing was written
  kRejected,         // a business rule refused the request: nothing was written
  kConflict,         // optimistic concurrency: the expected version did not match
  kNotFound,
  kCorruption,       // stored data failed an integrity check
  kIOError,          // the operating system or disk failed
  kBusy,             // the resource is held by someone else (store in use)
};

class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg, std::string field = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), {}, std::move(field));
  }
  static Status Rejected(std::string rule, std::string field, std::string msg) {
    return Status(StatusCode::kRejected, std::move(msg), std::move(rule), std::move(field));
  }
  static Status Conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(StatusCode::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(StatusCode::kIOError, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(StatusCode::kBusy, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The rule that refused the request (kRejected), e.g. "forecast.remedial_actions".
  const std::string& rule() const { return rule_; }
  // The input field at fault, e.g. "events[2].payload" or "actions".
  const std::string& field() const { return field_; }

  // "code: message (fält: field)" — for logs and CLI output.
  std::string ToString() const;

  // A copy with "context: " put before the message.
  Status WithContext(const std::string& context) const {
    Status s = *this;
    s.message_ = context + ": " + message_;
    return s;
  }

  friend bool operator==(const Status&, const Status&) = default;

 private:
  Status(StatusCode code, std::string msg, std::string rule = {}, std::string field = {})
      : code_(code), message_(std::move(msg)), rule_(std::move(rule)), field_(std::move(field)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string rule_;
  std::string field_;
};

const char* StatusCodeName(StatusCode code);

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace arshjul

// Returns early from the enclosing function when `expr` yields a failed Status.
#define ARSHJUL_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::arshjul::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)

// Evaluates `rexpr` (a Result<T>); returns its Status from the enclosing
// function when it failed, otherwise moves its value into `lhs`, which may be
// a declaration: ARSHJUL_ASSIGN_OR_RETURN(auto bytes, Encode(x));
#define ARSHJUL_ASSIGN_OR_RETURN(lhs, rexpr) \
  ARSHJUL_ASSIGN_OR_RETURN_IMPL_(ARSHJUL_STATUS_CONCAT_(_arshjul_result_, __LINE__), lhs, rexpr)
#define ARSHJUL_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                   \
  if (!result.ok()) return result.status();                \
  lhs = std::move(result).value()
#define ARSHJUL_STATUS_CONCAT_(a, b) ARSHJUL_STATUS_CONCAT_INNER_(a, b)
#define ARSHJUL_STATUS_CONCAT_INNER_(a, b) a##b
