#include "cli/unified_diff.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace edp::stack {
namespace {

std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    lines.push_back(s.substr(start, end - start));
    start = end;
  }
  return lines;
}

enum class Op : uint8_t { kEqual, kDelete, kInsert };

// Edit script turning a[a0,a1) into b[b0,b1).
void Middle(const std::vector<std::string_view>& a, size_t a0, size_t a1,
            const std::vector<std::string_view>& b, size_t b0, size_t b1, std::vector<Op>* ops) {
  const size_t n = a1 - a0, m = b1 - b0;
  if (n == 0 || m == 0 || n * m > kMaxDiffCells) {
    ops->insert(ops->end(), n, Op::kDelete);
    ops->insert(ops->end(), m, Op::kInsert);
    return;
  }
  // lcs[i][j]: LCS length of a[a0+i..a1) and b[b0+j..b1).
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = a[a0 + i] == b[b0 + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] == b[b0 + j]) {
      ops->push_back(Op::kEqual);
      ++i, ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ops->push_back(Op::kDelete);
      ++i;
    } else {
      ops->push_back(Op::kInsert);
      ++j;
    }
  }
  ops->insert(ops->end(), n - i, Op::kDelete);
  ops->insert(ops->end(), m - j, Op::kInsert);
}

void AppendLine(char prefix, std::string_view line, std::string* out) {
  out->push_back(prefix);
  out->append(line);
  if (line.empty() || line.back() != '\n') out->append("\n\\ No newline at end of file\n");
}

std::string RangeText(size_t start, size_t count) {
  // GNU diff: "N" for one line, "N,C" otherwise; an empty range names the
  // line before it.
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& before_name,
                        const std::string& after_name, int context) {
  if (before == after) return "";
  const std::vector<std::string_view> a = SplitLines(before), b = SplitLines(after);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops(prefix, Op::kEqual);
  Middle(a, prefix, a.size() - suffix, b, prefix, b.size() - suffix, &ops);
  ops.insert(ops.end(), suffix, Op::kEqual);

  const size_t ctx = context < 0 ? 0 : static_cast<size_t>(context);
  std::string out = "--- " + before_name + "\n+++ " + after_name + "\n";
  // Walk the script; positions (ai, bi) are line indexes before op k.
  std::vector<size_t> ai(ops.size() + 1), bi(ops.size() + 1);
  for (size_t k = 0; k < ops.size(); ++k) {
    ai[k + 1] = ai[k] + (ops[k] != Op::kInsert);
    bi[k + 1] = bi[k] + (ops[k] != Op::kDelete);
  }
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k] == Op::kEqual) {
      ++k;
      continue;
    }
    // A hunk from k - ctx to the end of the last change whose following run
    // of equal lines is shorter than 2*ctx+1, plus ctx.
    size_t begin = k >= ctx ? k - ctx : 0;
    size_t last_change = k;
    size_t e = k;
    while (e < ops.size()) {
      if (ops[e] != Op::kEqual) {
        last_change = e;
        ++e;
        continue;
      }
      size_t run = e;
      while (run < ops.size() && ops[run] == Op::kEqual) ++run;
      if (run == ops.size() || run - e > 2 * ctx) break;
      e = run;
    }
    size_t end = std::min(ops.size(), last_change + 1 + ctx);
    out += "@@ -" + RangeText(ai[begin], ai[end] - ai[begin]) + " +" +
           RangeText(bi[begin], bi[end] - bi[begin]) + " @@\n";
    for (size_t x = begin; x < end; ++x) {
      switch (ops[x]) {
        case Op::kEqual: AppendLine(' ', a[ai[x]], &out); break;
        case Op::kDelete: AppendLine('-', a[ai[x]], &out); break;
        case Op::kInsert: AppendLine('+', b[bi[x]], &out); break;
      }
    }
    k = end;
  }
  return out;
}

}  // namespace edp::stack
