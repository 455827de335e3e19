#include "hcl/diagnostic.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <unordered_set>

namespace hcl {
namespace {

struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

}  // namespace

const std::string& SourceName::Empty() {
  static const std::string* empty = new std::string();
  return *empty;
}

const std::string* SourceName::Intern(std::string_view name) {
  if (name.empty()) return &Empty();
  // Node-based set: element addresses stay valid as it grows. Never freed:
  // one entry per distinct file name the process has parsed.
  static std::mutex* mu = new std::mutex();
  static auto* names = new std::unordered_set<std::string, NameHash, std::equal_to<>>();
  std::lock_guard<std::mutex> lock(*mu);
  auto it = names->find(name);
  if (it == names->end()) it = names->emplace(name).first;
  return &*it;
}

// As hcl's Range.String(): "file:L,C-C" on one line, "file:L,C-L,C" across.
std::string Range::ToString() const {
  std::string s = filename + ":" + std::to_string(start.line) + "," + std::to_string(start.column) + "-";
  if (end.line != start.line) s += std::to_string(end.line) + ",";
  s += std::to_string(end.column);
  return s;
}

Range Range::Between(const Range& a, const Range& b) {
  Range r;
  r.filename = a.filename;
  r.start = a.start.byte <= b.start.byte ? a.start : b.start;
  r.end = a.end.byte >= b.end.byte ? a.end : b.end;
  return r;
}

Range Range::Over(const Range& a, const Range& b) { return Between(a, b); }

void Diagnostics::AddError(std::string summary, std::string detail, const Range& subject,
                           std::optional<Range> context) {
  Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.subject = subject;
  d.context = std::move(context);
  items_.push_back(std::move(d));
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::Append(Diagnostics&& other) {
  if (items_.empty()) {
    items_ = std::move(other.items_);
    return;
  }
  for (auto& d : other.items_) items_.push_back(std::move(d));
}

bool Diagnostics::HasErrors() const {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t Diagnostics::ErrorCount() const {
  return static_cast<size_t>(
      std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

std::string RenderDiagnostic(const Diagnostic& d, const SourceLookup& sources) {
  std::string out = d.severity == Severity::kError ? "Error: " : "Warning: ";
  out += d.summary + "\n";
  if (d.subject) {
    const Range& s = *d.subject;
    out += "\n  on " + s.filename + " line " + std::to_string(s.start.line) + ":\n";
    std::string_view src = sources ? sources(s.filename) : std::string_view();
    if (!src.empty() && s.start.byte <= src.size()) {
      size_t ls = src.rfind('\n', s.start.byte == 0 ? 0 : s.start.byte - 1);
      ls = (ls == std::string_view::npos || s.start.byte == 0) ? 0 : ls + 1;
      if (s.start.byte > 0 && src[s.start.byte - 1] == '\n') ls = s.start.byte;
      size_t le = src.find('\n', ls);
      if (le == std::string_view::npos) le = src.size();
      std::string_view line = src.substr(ls, le - ls);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::string num = std::to_string(s.start.line);
      std::string gutter(num.size() + 2, ' ');
      out += "  " + num + " | " + std::string(line) + "\n";
      // Marker under the subject (to the end of the line if multi-line).
      size_t col0 = 0;
      for (size_t k = ls; k < s.start.byte && k < le; ++k)
        if ((static_cast<unsigned char>(src[k]) & 0xC0) != 0x80) ++col0;
      size_t end_byte = std::min(s.end.byte, le);
      size_t width = 0;
      for (size_t k = s.start.byte; k < end_byte; ++k)
        if ((static_cast<unsigned char>(src[k]) & 0xC0) != 0x80) ++width;
      if (width == 0) width = 1;
      out += gutter + " | " + std::string(col0, ' ') + std::string(width, '^') + "\n";
    }
  }
  if (!d.detail.empty()) out += "\n" + d.detail + "\n";
  return out;
}

std::string RenderDiagnostics(const Diagnostics& ds, const SourceLookup& sources) {
  std::string out;
  for (const auto& d : ds) {
    if (!out.empty()) out += "\n";
    out += RenderDiagnostic(d, sources);
  }
  return out;
}

namespace {
size_t Levenshtein(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string NameSuggestion(std::string_view given, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_dist = 3;
  for (const auto& c : candidates) {
    size_t d = Levenshtein(given, c);
    if (d < best_dist) {
      best_dist = d;
      best = c;
    }
  }
  return best;
}

}  // namespace hcl
