// hcl::Diagnostic and hcl::Diagnostics: user-facing problems found while
// parsing, decoding or evaluating configuration (hcl diagnostic.go).
//
// Every diagnostic produced by this library has a Subject range (the tight
// span at fault) and usually a Context range (a wider span for the snippet).
// Summaries are short and Title Case; details are full sentences.
//
// Thread safety: plain value types.
#ifndef EDP_HCL_DIAGNOSTIC_H_
#define EDP_HCL_DIAGNOSTIC_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/pos.h"

namespace hcl {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  std::optional<Range> subject;
  std::optional<Range> context;
};

class Diagnostics {
 public:
  Diagnostics() = default;

  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void AddError(std::string summary, std::string detail, const Range& subject,
                std::optional<Range> context = std::nullopt);
  void Append(const Diagnostics& other);
  void Append(Diagnostics&& other);

  bool HasErrors() const;
  size_t ErrorCount() const;
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const Diagnostic& operator[](size_t i) const { return items_[i]; }
  std::vector<Diagnostic>::const_iterator begin() const { return items_.begin(); }
  std::vector<Diagnostic>::const_iterator end() const { return items_.end(); }

 private:
  std::vector<Diagnostic> items_;
};

// Looks up the source bytes of a file by name; returns an empty view when
// unknown (the snippet is then omitted).
using SourceLookup = std::function<std::string_view(const std::string& filename)>;

// Renders like tofu (no colour, no box):
//
//   Error: Unsupported argument
//
//     on main.hcl line 3:
//      3 |   foo = 1
//        |   ^^^
//
//   An argument named "foo" is not expected here.
std::string RenderDiagnostic(const Diagnostic& d, const SourceLookup& sources);
std::string RenderDiagnostics(const Diagnostics& ds, const SourceLookup& sources);

// "Did you mean" helper: the candidate closest to `given` by Levenshtein
// distance if that distance is < 3, else "" (hcl didyoumean.go).
std::string NameSuggestion(std::string_view given, const std::vector<std::string>& candidates);

}  // namespace hcl

#endif  // EDP_HCL_DIAGNOSTIC_H_
