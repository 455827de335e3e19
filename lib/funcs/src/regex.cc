// Regular-expression functions (go-cty stdlib regexp.go; OpenTofu's replace
// with a /pattern/): regex, regexall, and RegexReplace for replace. Go's
// regexp syntax is RE2's, so RE2 runs the patterns; match iteration,
// replacement templates ($1, ${name}) and error wording follow Go.
#include <re2/re2.h>
#include <unicode/uchar.h>

#include <map>
#include <memory>

#include "internal.h"

namespace funcs::internal {
namespace {

// On failure *err is "CODE in EXPR" (go-cty's wording) and *go_err Go's
// regexp error text.
std::unique_ptr<RE2> Compile(const std::string& pattern, std::string* err, std::string* go_err = nullptr) {
  RE2::Options opts;
  opts.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (re->ok()) return re;
  const char* code = "invalid regexp";
  switch (re->error_code()) {
    case RE2::ErrorMissingParen: code = "missing closing )"; break;
    case RE2::ErrorUnexpectedParen: code = "unexpected )"; break;
    case RE2::ErrorMissingBracket: code = "missing closing ]"; break;
    case RE2::ErrorBadCharRange: code = "invalid character class range"; break;
    case RE2::ErrorBadEscape: code = "invalid escape sequence"; break;
    case RE2::ErrorRepeatArgument: code = "missing argument to repetition operator"; break;
    case RE2::ErrorRepeatSize: code = "invalid repeat count"; break;
    case RE2::ErrorRepeatOp: code = "invalid nested repetition operator"; break;
    case RE2::ErrorBadPerlOp: code = "invalid or unsupported Perl syntax"; break;
    case RE2::ErrorBadUTF8: code = "invalid UTF-8"; break;
    case RE2::ErrorBadNamedCapture: code = "invalid named capture"; break;
    case RE2::ErrorBadCharClass: code = "invalid character class"; break;
    case RE2::ErrorTrailingBackslash: code = "trailing backslash at end of expression"; break;
    case RE2::ErrorPatternTooLarge: code = "expression too large"; break;
    default: break;
  }
  // Go's resyntax.Error{Code, Expr}, as regexPatternResultType words it.
  *err = std::string(code) + " in " + re->error_arg();
  if (go_err) *go_err = "error parsing regexp: " + std::string(code) + ": `" + re->error_arg() + "`";
  return nullptr;
}

// Submatch offsets (start, end; -1 when the group did not take part) of the
// leftmost-first match at or after `pos`, or empty.
std::vector<int64_t> Find(const RE2& re, const std::string& s, size_t pos) {
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
  if (!re.Match(s, pos, s.size(), RE2::UNANCHORED, sub.data(), n)) return {};
  std::vector<int64_t> out;
  for (const auto& m : sub) {
    if (m.data() == nullptr) {
      out.push_back(-1);
      out.push_back(-1);
    } else {
      int64_t start = m.data() - s.data();
      out.push_back(start);
      out.push_back(start + static_cast<int64_t>(m.size()));
    }
  }
  return out;
}

size_t RuneWidth(const std::string& s, size_t pos) {
  if (pos >= s.size()) return 0;
  size_t i = pos;
  DecodeRune(s, &i);
  return i - pos;
}

// Go Regexp.allMatches.
std::vector<std::vector<int64_t>> FindAll(const RE2& re, const std::string& s) {
  std::vector<std::vector<int64_t>> out;
  int64_t prev_end = -1;
  for (size_t pos = 0; pos <= s.size();) {
    auto m = Find(re, s, pos);
    if (m.empty()) break;
    bool accept = true;
    if (m[1] == static_cast<int64_t>(pos)) {
      if (m[0] == prev_end) accept = false;
      size_t w = RuneWidth(s, pos);
      pos += w > 0 ? w : 1;
    } else {
      pos = static_cast<size_t>(m[1]);
    }
    prev_end = m[1];
    if (accept) out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> GroupNames(const RE2& re) {
  std::vector<std::string> names(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  for (const auto& [i, name] : re.CapturingGroupNames()) names[static_cast<size_t>(i)] = name;
  return names;
}

FuncResult<Type> ResultType(const std::string& pattern) {
  std::string err;
  auto re = Compile(pattern, &err);
  if (!re) return ArgErr(0, "invalid regexp pattern: " + err);
  std::vector<std::string> names = GroupNames(*re);
  size_t unnamed = 0;
  std::map<std::string, Type> attrs;
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i].empty()) {
      ++unnamed;
    } else {
      attrs[names[i]] = Type::String();
    }
  }
  if (unnamed == 0 && attrs.empty()) return Type::String();
  if (unnamed > 0 && !attrs.empty()) {
    return ArgErr(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups");
  }
  if (unnamed > 0) return Type::Tuple(std::vector<Type>(unnamed, Type::String()));
  return Type::Object(attrs);
}

Value Result(const RE2& re, const std::string& s, const std::vector<int64_t>& m, const Type& ret) {
  auto part = [&](size_t g) {
    if (m[2 * g] < 0) return Value::Null(Type::String());
    return Value::String(s.substr(static_cast<size_t>(m[2 * g]), static_cast<size_t>(m[2 * g + 1] - m[2 * g])));
  };
  if (ret == Type::String()) return part(0);
  std::vector<std::string> names = GroupNames(re);
  if (ret.IsTuple()) {
    std::vector<Value> vals;
    for (size_t g = 1; g < names.size(); ++g) vals.push_back(part(g));
    return Value::Tuple(std::move(vals));
  }
  std::map<std::string, Value> attrs;
  for (size_t g = 1; g < names.size(); ++g) attrs[names[g]] = part(g);
  return Value::Object(std::move(attrs));
}

// Go regexp's extract for $name / ${name} in replacement templates.
bool Extract(std::string_view str, std::string* name, int* num, size_t* consumed) {
  if (str.empty()) return false;
  size_t start = 0;
  bool brace = str[0] == '{';
  if (brace) start = 1;
  size_t i = start;
  while (i < str.size()) {
    size_t j = i;
    char32_t r = DecodeRune(str, &j);
    if (!u_isalpha(static_cast<UChar32>(r)) && !u_isdigit(static_cast<UChar32>(r)) && r != '_') break;
    i = j;
  }
  if (i == start) return false;
  *name = std::string(str.substr(start, i - start));
  if (brace) {
    if (i >= str.size() || str[i] != '}') return false;
    ++i;
  }
  *num = 0;
  for (char c : *name) {
    if (c < '0' || c > '9' || *num >= 100000000) {
      *num = -1;
      break;
    }
    *num = *num * 10 + (c - '0');
  }
  if ((*name)[0] == '0' && name->size() > 1) *num = -1;
  *consumed = i;
  return true;
}

void Expand(std::string* dst, std::string_view tmpl, const std::string& src, const std::vector<int64_t>& m,
            const std::vector<std::string>& names) {
  while (!tmpl.empty()) {
    size_t d = tmpl.find('$');
    if (d == std::string_view::npos) break;
    dst->append(tmpl.substr(0, d));
    tmpl.remove_prefix(d + 1);
    if (!tmpl.empty() && tmpl[0] == '$') {
      *dst += '$';
      tmpl.remove_prefix(1);
      continue;
    }
    std::string name;
    int num;
    size_t used;
    if (!Extract(tmpl, &name, &num, &used)) {
      *dst += '$';
      continue;
    }
    tmpl.remove_prefix(used);
    auto group = [&](size_t g) {
      if (2 * g + 1 < m.size() && m[2 * g] >= 0) {
        dst->append(src.substr(static_cast<size_t>(m[2 * g]), static_cast<size_t>(m[2 * g + 1] - m[2 * g])));
      }
    };
    if (num >= 0) {
      group(static_cast<size_t>(num));
    } else {
      for (size_t g = 0; g < names.size(); ++g) {
        if (names[g] == name && 2 * g + 1 < m.size() && m[2 * g] >= 0) {
          group(g);
          break;
        }
      }
    }
  }
  dst->append(tmpl);
}

}  // namespace

FuncResult<Value> RegexReplace(const std::string& src, const std::string& pattern, const std::string& repl) {
  std::string err, go_err;
  auto re = Compile(pattern, &err, &go_err);
  if (!re) return Err(go_err);
  std::vector<std::string> names = GroupNames(*re);
  std::string out;
  size_t last_end = 0, search = 0;
  while (search <= src.size()) {
    auto m = Find(*re, src, search);
    if (m.empty()) break;
    out.append(src.substr(last_end, static_cast<size_t>(m[0]) - last_end));
    if (m[1] > static_cast<int64_t>(last_end) || m[0] == 0) Expand(&out, repl, src, m, names);
    last_end = static_cast<size_t>(m[1]);
    size_t w = RuneWidth(src, search);
    if (search + w > static_cast<size_t>(m[1])) {
      search += w;
    } else if (search + 1 > static_cast<size_t>(m[1])) {
      ++search;
    } else {
      search = static_cast<size_t>(m[1]);
    }
  }
  out.append(src.substr(last_end));
  return Value::String(out);
}

void AddRegex(cty::FunctionTable* t) {
  (*t)["regex"] = Fn({Param("pattern", Type::String()), Param("string", Type::String())},
                     [](const Args& a) -> FuncResult<Type> {
                       if (!a[0].IsKnown()) return Type::Dynamic();
                       return ResultType(a[0].AsString());
                     },
                     [](const Args& a, const Type& ret) -> FuncResult<Value> {
                       if (ret.IsDynamic()) return Value::DynamicVal();
                       std::string err, go_err;
                       auto re = Compile(a[0].AsString(), &err, &go_err);
                       if (!re) return ArgErr(0, "error parsing pattern: " + go_err);
                       const std::string& s = a[1].AsString();
                       auto m = Find(*re, s, 0);
                       if (m.empty()) return Err("pattern did not match any part of the given string");
                       return Result(*re, s, m, ret);
                     });
  (*t)["regexall"] = Fn({Param("pattern", Type::String()), Param("string", Type::String())},
                        [](const Args& a) -> FuncResult<Type> {
                          if (!a[0].IsKnown()) return Type::List(Type::Dynamic());
                          auto r = ResultType(a[0].AsString());
                          if (!r.ok()) return r.error();
                          return Type::List(r.value());
                        },
                        [](const Args& a, const Type& ret) -> FuncResult<Value> {
                          const Type& ety = ret.element();
                          if (ety.IsDynamic()) return Value::DynamicVal();
                          std::string err, go_err;
                          auto re = Compile(a[0].AsString(), &err, &go_err);
                          if (!re) return ArgErr(0, "error parsing pattern: " + go_err);
                          const std::string& s = a[1].AsString();
                          std::vector<Value> elems;
                          for (const auto& m : FindAll(*re, s)) elems.push_back(Result(*re, s, m, ety));
                          if (elems.empty()) return Value::EmptyList(ety);
                          return Value::List(ety, std::move(elems));
                        });
}

}  // namespace funcs::internal
