// tfplugin::Diagnostics (see tfplugin/diagnostics.h).
#include "tfplugin/diagnostics.h"

#include <algorithm>
#include <utility>

namespace tfplugin {

bool Diagnostic::operator==(const Diagnostic& o) const {
  return severity == o.severity && summary == o.summary && detail == o.detail &&
         attribute == o.attribute;
}

void Diagnostics::AddError(std::string summary, std::string detail) {
  items_.push_back(Diagnostic{Severity::kError, std::move(summary), std::move(detail), std::nullopt});
}

void Diagnostics::AddWarning(std::string summary, std::string detail) {
  items_.push_back(Diagnostic{Severity::kWarning, std::move(summary), std::move(detail), std::nullopt});
}

void Diagnostics::AddAttributeError(cty::Path path, std::string summary, std::string detail) {
  items_.push_back(Diagnostic{Severity::kError, std::move(summary), std::move(detail), std::move(path)});
}

void Diagnostics::AddAttributeWarning(cty::Path path, std::string summary, std::string detail) {
  items_.push_back(Diagnostic{Severity::kWarning, std::move(summary), std::move(detail), std::move(path)});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::HasError() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) {
    out += d.severity == Severity::kError ? "Error: " : "Warning: ";
    out += d.summary;
    if (!d.detail.empty()) {
      out += ": ";
      out += d.detail;
    }
    if (d.attribute && !d.attribute->empty()) {
      out += " [at ";
      out += d.attribute->ToString();
      out += "]";
    }
    out += "\n";
  }
  return out;
}

}  // namespace tfplugin
