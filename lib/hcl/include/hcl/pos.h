// hcl::Pos and hcl::Range: source locations, as in hashicorp/hcl pos.go.
//
// Line and Column are 1-based; Column counts extended grapheme clusters
// (Unicode UAX #29) within each token, as hcl does with go-textseg: "é"
// written as e + U+0301, an emoji ZWJ sequence or a flag is one column, and
// "\r\n" ends a line like "\n". Byte is a 0-based offset into the source.
// A Range's start is inclusive, its end exclusive.
//
// Thread safety: plain value types.
#ifndef EDP_HCL_POS_H_
#define EDP_HCL_POS_H_

#include <cstddef>
#include <string>

namespace hcl {

struct Pos {
  int line = 1;
  int column = 1;
  size_t byte = 0;
  bool operator==(const Pos&) const = default;
};

struct Range {
  std::string filename;
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
