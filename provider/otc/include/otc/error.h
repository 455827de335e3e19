// otc::Error and otc::Result<T>: errors as values for the OTC client.
//
// An Error says what failed (`what`, e.g. "creating VPC \"net-a\""), the
// request (method + path, never query values or secrets), the HTTP status
// and the service's own error code/message/request id as parsed from the
// body shapes of api.md 0.6 (Keystone, APIGW, VPC v1, Neutron, CCE, RDS,
// ELB, DNS, OBS XML), and a hint on what to do. Message() renders all of it
// for a diagnostic.
//
// Thread safety: plain values.
#ifndef EDP_PROVIDER_OTC_ERROR_H_
#define EDP_PROVIDER_OTC_ERROR_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace otc {

enum class ErrorKind {
  kNone = 0,
  kHttp,       // the service answered with an unexpected status
  kTransport,  // connection/TLS/DNS failure, no usable response
  kCancelled,  // StopProvider
  kTimeout,    // the caller's deadline (or a waiter's timeout) passed
  kAuth,       // could not authenticate (bad credentials, no project, ...)
  kConfig,     // no endpoint for a service, malformed URL, ...
  kDecode,     // a 2xx response whose body could not be used
  kFailed,     // an asynchronous operation ended in an error status
};

// The error fields a service put in its body.
struct ServiceError {
  std::string code;        // "VPC.0209", "SecurityGroupInUse", "NoSuchBucket", ...
  std::string message;     // the service's explanation
  std::string request_id;  // when the body or headers carry one
};

// Parses any of the body shapes of api.md 0.6 (JSON or OBS XML). Fields the
// body does not have stay empty; a non-JSON/XML body becomes the message
// (truncated to 300 bytes).
ServiceError ParseServiceError(std::string_view body);

class Error {
 public:
  Error() = default;
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Error Http(int status, std::string_view method, std::string_view path, std::string_view body);

  bool ok() const { return kind_ == ErrorKind::kNone; }
  ErrorKind kind() const { return kind_; }
  int http_status() const { return http_status_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& request_id() const { return request_id_; }
  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }
  const std::string& what() const { return what_; }
  const std::string& hint() const { return hint_; }

  bool IsNotFound() const { return kind_ == ErrorKind::kHttp && http_status_ == 404; }
  bool IsConflict() const { return kind_ == ErrorKind::kHttp && http_status_ == 409; }

  Error& set_what(std::string what) { what_ = std::move(what); return *this; }
  Error& set_request(std::string_view method, std::string_view path);
  Error& set_hint(std::string hint) { hint_ = std::move(hint); return *this; }
  Error& set_code(std::string code) { code_ = std::move(code); return *this; }
  Error& set_request_id(std::string id) { request_id_ = std::move(id); return *this; }
  Error& set_http_status(int s) { http_status_ = s; return *this; }

  // "creating VPC \"a\": POST /v1/{pid}/vpcs: HTTP 409 VPC.0209: subnet is
  // still used (request id r-1). <hint>"
  std::string Message() const;
  // A short title for a diagnostic summary ("OTC API Error", ...).
  std::string Summary() const;

 private:
  ErrorKind kind_ = ErrorKind::kNone;
  int http_status_ = 0;
  std::string code_, message_, request_id_, method_, path_, what_, hint_;
};

// The default hint for an HTTP status (what the user can do about it).
std::string HintForStatus(int status);

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : error_(std::move(error)) {}  // NOLINT
  bool ok() const { return value_.has_value(); }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }
  const Error& error() const { return error_; }
  Error& error() { return error_; }

 private:
  std::optional<T> value_;
  Error error_;
};

// A Result without a value: ok() when the error is kNone.
using Status = Error;

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_ERROR_H_
