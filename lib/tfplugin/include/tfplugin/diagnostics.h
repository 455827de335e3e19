// tfplugin::Diagnostic(s): how a provider reports problems to OpenTofu.
//
// Every user-facing failure in a provider RPC travels as a diagnostic in the
// response (never as a gRPC error). A diagnostic has a severity, a Title Case
// summary, a detail saying cause, consequence and what to do, and optionally
// an attribute path so tofu can point at the configuration.
//
// Thread safety: plain value types.
#ifndef EDP_TFPLUGIN_DIAGNOSTICS_H_
#define EDP_TFPLUGIN_DIAGNOSTICS_H_

#include <optional>
#include <string>
#include <vector>

#include "cty/path.h"

namespace tfplugin {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  std::optional<cty::Path> attribute;

  bool operator==(const Diagnostic& o) const;
};

class Diagnostics {
 public:
  void AddError(std::string summary, std::string detail);
  void AddWarning(std::string summary, std::string detail);
  void AddAttributeError(cty::Path path, std::string summary, std::string detail);
  void AddAttributeWarning(cty::Path path, std::string summary, std::string detail);
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Append(const Diagnostics& other);

  bool HasError() const;
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  const Diagnostic& operator[](size_t i) const { return items_[i]; }

  // One line per diagnostic: "Error: summary: detail [at path]" (for logs and
  // test failure messages).
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_DIAGNOSTICS_H_
