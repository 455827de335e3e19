// cty::Error and cty::Result<T>: how fallible cty operations report failure.
//
// No cty function throws. Operations that can fail return Result<T>, which
// holds either a value or an Error. An Error carries a message worded like
// go-cty's (callers such as HCL and the provider framework show it to users)
// and the Path inside the value where the problem was found.
//
// Thread safety: plain values; no shared state.
#ifndef EDP_CTY_RESULT_H_
#define EDP_CTY_RESULT_H_

#include <string>
#include <utility>
#include <variant>

#include "cty/path.h"

namespace cty {

struct Error {
  std::string message;  // e.g. "string required", "unsupported attribute \"x\""
  Path path;            // where in the value; empty for the value itself

  // "message" or "path: message" (path rendered as in Path::ToString()).
  std::string ToString() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}        // NOLINT
  static Result Fail(std::string message, Path path = {}) {
    return Result(Error{std::move(message), std::move(path)});
  }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace cty

#endif  // EDP_CTY_RESULT_H_
