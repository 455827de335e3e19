// framework::PrivateState: the opaque per-object bytes OpenTofu stores next
// to a resource's state (ApplyResourceChange.private, ReadResource.private,
// PlanResourceChange.planned_private) as a small key/value map.
//
// Encoded as a JSON object of strings. The framework decodes the request's
// bytes into the response's PrivateState; a resource that does not touch it
// gets the original bytes echoed back unchanged, as the protocol requires.
//
// Thread safety: plain value type.
#ifndef EDP_FRAMEWORK_PRIVATE_STATE_H_
#define EDP_FRAMEWORK_PRIVATE_STATE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "tfplugin/diagnostics.h"

namespace framework {

class PrivateState {
 public:
  PrivateState() = default;

  // Empty bytes give an empty state. Bytes that are not a JSON object of
  // strings add an "Invalid Private State" error and give an empty state
  // that still echoes the original bytes.
  static PrivateState Decode(std::string_view bytes, tfplugin::Diagnostics& diags);

  // The original bytes if nothing was changed since Decode; otherwise the
  // JSON encoding ("" when empty).
  std::string Encode() const;

  std::optional<std::string> Get(std::string_view key) const;
  void Set(std::string key, std::string value);
  void Remove(std::string_view key);
  bool empty() const { return values_.empty(); }
  const std::map<std::string, std::string, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::string original_;
  bool modified_ = false;
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_PRIVATE_STATE_H_
