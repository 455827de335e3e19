// hcl::Pos and hcl::Range: source locations, as in hashicorp/hcl pos.go.
//
// Line and Column are 1-based; Column counts extended grapheme clusters
// (Unicode UAX #29) within each token, as hcl does with go-textseg: "é"
// written as e + U+0301, an emoji ZWJ sequence or a flag is one column, and
// "\r\n" ends a line like "\n". Byte is a 0-based offset into the source.
// A Range's start is inclusive, its end exclusive.
//
// A Range names its file with a SourceName: an interned, immutable string
// (one copy per distinct name for the life of the process), so copying a
// Range, which every token and syntax-tree node does, copies a pointer
// instead of allocating a string.
//
// Thread safety: plain value types; interning is thread-safe.
#ifndef EDP_HCL_POS_H_
#define EDP_HCL_POS_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace hcl {

struct Pos {
  int line = 1;
  int column = 1;
  size_t byte = 0;
  bool operator==(const Pos&) const = default;
};

class SourceName {
 public:
  SourceName() : s_(&Empty()) {}
  SourceName(std::string_view name) : s_(Intern(name)) {}  // NOLINT: implicit by design
  SourceName(const std::string& name) : s_(Intern(name)) {}  // NOLINT
  SourceName(const char* name) : s_(Intern(name)) {}  // NOLINT

  const std::string& str() const { return *s_; }
  operator const std::string&() const { return *s_; }  // NOLINT
  bool empty() const { return s_->empty(); }
  size_t size() const { return s_->size(); }
  const char* c_str() const { return s_->c_str(); }

  // Interned: equal names share one string.
  bool operator==(const SourceName& o) const { return s_ == o.s_; }
  bool operator==(std::string_view o) const { return *s_ == o; }
  bool operator==(const char* o) const { return *s_ == o; }
  bool operator==(const std::string& o) const { return *s_ == o; }

 private:
  static const std::string& Empty();
  static const std::string* Intern(std::string_view name);
  const std::string* s_;
};

inline std::string operator+(const std::string& a, const SourceName& b) { return a + b.str(); }
inline std::string operator+(const char* a, const SourceName& b) { return a + b.str(); }
inline std::string operator+(const SourceName& a, const std::string& b) { return a.str() + b; }
inline std::string operator+(const SourceName& a, const char* b) { return a.str() + b; }
inline std::ostream& operator<<(std::ostream& os, const SourceName& n) { return os << n.str(); }

struct Range {
  SourceName filename;
  Pos start;
  Pos end;

  bool empty() const { return start.byte == end.byte; }
  bool ContainsOffset(size_t byte) const { return byte >= start.byte && byte < end.byte; }
  // "file.hcl:3,5-9" (hcl Range.String()).
  std::string ToString() const;
  bool operator==(const Range&) const = default;

  // The smallest range covering a and b (hcl.RangeBetween).
  static Range Between(const Range& a, const Range& b);
  // The range from a's start to b's start... as hcl.RangeOver: covering both.
  static Range Over(const Range& a, const Range& b);
};

}  // namespace hcl

#endif  // EDP_HCL_POS_H_
