// String functions (go-cty stdlib string.go and OpenTofu lang/funcs
// string.go): chomp endswith indent join lower replace split startswith
// strcontains strrev substr title trim trimprefix trimsuffix trimspace
// upper.
#include <unicode/uchar.h>

#include <algorithm>

#include "internal.h"

namespace funcs::internal {
namespace {

// strings.Map over runes (Go's ToUpper/ToLower/ToTitle are simple per-rune
// case mappings).
std::string MapRunes(std::string_view s, char32_t (*fn)(char32_t)) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) AppendRune(&out, fn(DecodeRune(s, &i)));
  return out;
}
char32_t Upper(char32_t r) { return static_cast<char32_t>(u_toupper(static_cast<UChar32>(r))); }
char32_t Lower(char32_t r) { return static_cast<char32_t>(u_tolower(static_cast<UChar32>(r))); }
char32_t TitleCase(char32_t r) { return static_cast<char32_t>(u_totitle(static_cast<UChar32>(r))); }

// Go strings.Title's isSeparator.
bool IsSeparator(char32_t r) {
  if (r <= 0x7F) {
    if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_') return false;
    return true;
  }
  if (u_isalpha(static_cast<UChar32>(r)) || u_isdigit(static_cast<UChar32>(r))) return false;
  return IsGoSpace(r);
}

std::string Title(std::string_view s) {
  std::string out;
  char32_t prev = ' ';
  for (size_t i = 0; i < s.size();) {
    char32_t r = DecodeRune(s, &i);
    AppendRune(&out, IsSeparator(prev) ? TitleCase(r) : r);
    prev = r;
  }
  return out;
}

std::string ReplaceAll(std::string_view s, std::string_view old, std::string_view rep) {
  std::string out;
  if (old.empty()) {  // Go: insert before every rune and at the end
    out.append(rep);
    for (size_t i = 0; i < s.size();) {
      size_t start = i;
      DecodeRune(s, &i);
      out.append(s.substr(start, i - start));
      out.append(rep);
    }
    return out;
  }
  size_t pos = 0;
  for (size_t f; (f = s.find(old, pos)) != std::string_view::npos; pos = f + old.size()) {
    out.append(s.substr(pos, f - pos));
    out.append(rep);
  }
  out.append(s.substr(pos));
  return out;
}

std::vector<std::string> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t start = i;
      DecodeRune(s, &i);
      out.emplace_back(s.substr(start, i - start));
    }
    return out;
  }
  size_t pos = 0;
  for (size_t f; (f = s.find(sep, pos)) != std::string_view::npos; pos = f + sep.size()) {
    out.emplace_back(s.substr(pos, f - pos));
  }
  out.emplace_back(s.substr(pos));
  return out;
}

// strings.Trim with a rune cutset; `left`/`right` choose the ends.
std::string TrimRunes(std::string_view s, const std::function<bool(char32_t)>& cut) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t next = begin;
    if (!cut(DecodeRune(s, &next))) break;
    begin = next;
  }
  size_t end = s.size();
  while (end > begin) {
    // Step back one rune.
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
    size_t probe = start;
    char32_t r = DecodeRune(s, &probe);
    if (probe != end) {  // not a whole rune: treat the last byte alone
      start = end - 1;
      r = 0xFFFD;
    }
    if (!cut(r)) break;
    end = start;
  }
  return std::string(s.substr(begin, end - begin));
}

Function StrFn(std::string (*fn)(std::string_view)) {
  return Fn({Param("str", Type::String(), kAllowDynamic)}, Static(Type::String()),
            [fn](const Args& a, const Type&) -> FuncResult<Value> { return Value::String(fn(a[0].AsString())); });
}

Function StrPair(const char* second, std::function<Value(const std::string&, const std::string&)> fn, Type ret) {
  return Fn({Param("str", Type::String()), Param(second, Type::String())}, Static(ret),
            [fn](const Args& a, const Type&) -> FuncResult<Value> { return fn(a[0].AsString(), a[1].AsString()); });
}

FuncResult<Value> Substr(const Args& a) {
  std::string err;
  auto offset = ToInt(a[1], &err);
  if (!offset) return Err(err);
  auto length = ToInt(a[2], &err);
  if (!length) return Err(err);
  const std::string& in = a[0].AsString();
  std::vector<size_t> b = GraphemeBoundaries(in);
  int64_t clusters = static_cast<int64_t>(b.size()) - 1;
  if (*offset < 0) {
    *offset += clusters;
  } else if (*length == 0) {
    return Value::String("");
  }
  // go-cty: a positive offset skips that many clusters (none left: ""); a
  // zero or still-negative offset starts at 0. A negative length, or a zero
  // one (reachable only with a negative offset), takes the rest.
  int64_t start = std::max<int64_t>(*offset, 0);
  if (start >= clusters) return Value::String("");
  size_t from = b[static_cast<size_t>(start)];
  if (*length <= 0) return Value::String(in.substr(from));
  int64_t stop = std::min(start + *length, clusters);
  return Value::String(in.substr(from, b[static_cast<size_t>(stop)] - from));
}

FuncResult<Value> Join(const Args& a) {
  if (a.size() < 2) return Err("at least one list is required");
  for (size_t i = 1; i < a.size(); ++i) {
    if (!a[i].IsWhollyKnown()) return Value::Unknown(Type::String());
  }
  std::string out;
  bool first = true;
  for (size_t ai = 1; ai < a.size(); ++ai) {
    const auto& elems = a[ai].Elements();
    for (size_t ei = 0; ei < elems.size(); ++ei) {
      if (elems[ei].IsNull()) {
        if (a.size() > 2) {
          return ArgErr(static_cast<int>(ai), "element " + std::to_string(ei) + " of list " + std::to_string(ai) +
                                                  " is null; cannot concatenate null values");
        }
        return ArgErr(static_cast<int>(ai),
                      "element " + std::to_string(ei) + " is null; cannot concatenate null values");
      }
      if (!first) out += a[0].AsString();
      out += elems[ei].AsString();
      first = false;
    }
  }
  return Value::String(out);
}

FuncResult<Value> StartsWith(const Args& a) {
  const std::string& prefix = a[1].AsString();
  if (!a[0].IsKnown()) {
    if (prefix.empty()) return Value::True();
    const auto& known = a[0].refinements().string_prefix;
    if (known && !known->empty()) {
      if (known->compare(0, prefix.size(), prefix) == 0 && known->size() >= prefix.size()) return Value::True();
      if (known->size() >= prefix.size()) return Value::False();
    }
    return Value::Unknown(Type::Bool());
  }
  return Value::Bool(a[0].AsString().starts_with(prefix));
}

}  // namespace

void AddString(cty::FunctionTable* t) {
  AddFormat(t);
  AddRegex(t);
  (*t)["upper"] = StrFn([](std::string_view s) { return MapRunes(s, Upper); });
  (*t)["lower"] = StrFn([](std::string_view s) { return MapRunes(s, Lower); });
  (*t)["strrev"] = StrFn([](std::string_view s) {
    std::vector<size_t> b = GraphemeBoundaries(s);
    std::string out;
    out.reserve(s.size());
    for (size_t k = b.size() - 1; k > 0; --k) out.append(s.substr(b[k - 1], b[k] - b[k - 1]));
    return out;
  });
  (*t)["title"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                     [](const Args& a, const Type&) -> FuncResult<Value> { return Value::String(Title(a[0].AsString())); });
  (*t)["trimspace"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                         [](const Args& a, const Type&) -> FuncResult<Value> {
                           return Value::String(TrimRunes(a[0].AsString(), IsGoSpace));
                         });
  (*t)["chomp"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                     [](const Args& a, const Type&) -> FuncResult<Value> {
                       std::string s = a[0].AsString();
                       while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
                       return Value::String(s);
                     });
  (*t)["trim"] = Fn({Param("str", Type::String()), Param("cutset", Type::String())}, Static(Type::String()),
                    [](const Args& a, const Type&) -> FuncResult<Value> {
                      const std::string& cutset = a[1].AsString();
                      std::vector<char32_t> runes;
                      for (size_t i = 0; i < cutset.size();) runes.push_back(DecodeRune(cutset, &i));
                      return Value::String(TrimRunes(a[0].AsString(), [&](char32_t r) {
                        return std::find(runes.begin(), runes.end(), r) != runes.end();
                      }));
                    });
  (*t)["trimprefix"] = StrPair(
      "prefix",
      [](const std::string& s, const std::string& p) {
        return Value::String(s.starts_with(p) ? s.substr(p.size()) : s);
      },
      Type::String());
  (*t)["trimsuffix"] = StrPair(
      "suffix",
      [](const std::string& s, const std::string& p) {
        return Value::String(s.ends_with(p) ? s.substr(0, s.size() - p.size()) : s);
      },
      Type::String());
  (*t)["endswith"] = StrPair(
      "suffix", [](const std::string& s, const std::string& p) { return Value::Bool(s.ends_with(p)); }, Type::Bool());
  (*t)["strcontains"] = StrPair(
      "substr", [](const std::string& s, const std::string& p) { return Value::Bool(s.find(p) != std::string::npos); },
      Type::Bool());
  (*t)["startswith"] =
      Fn({Param("str", Type::String(), kAllowUnknown), Param("prefix", Type::String())}, Static(Type::Bool()),
         [](const Args& a, const Type&) { return StartsWith(a); });
  (*t)["substr"] = Fn({Param("str", Type::String(), kAllowDynamic), Param("offset", Type::Number(), kAllowDynamic),
                       Param("length", Type::Number(), kAllowDynamic)},
                      Static(Type::String()), [](const Args& a, const Type&) { return Substr(a); });
  (*t)["join"] = Fn({Param("separator", Type::String())}, Param("lists", Type::List(Type::String())),
                    Static(Type::String()), [](const Args& a, const Type&) { return Join(a); });
  (*t)["split"] = Fn({Param("separator", Type::String()), Param("str", Type::String())},
                     Static(Type::List(Type::String())), [](const Args& a, const Type&) -> FuncResult<Value> {
                       std::vector<Value> elems;
                       for (auto& s : Split(a[1].AsString(), a[0].AsString())) elems.push_back(Value::String(s));
                       return Value::List(Type::String(), std::move(elems));
                     });
  (*t)["indent"] = Fn({Param("spaces", Type::Number()), Param("str", Type::String())}, Static(Type::String()),
                      [](const Args& a, const Type&) -> FuncResult<Value> {
                        std::string err;
                        auto n = ToInt(a[0], &err);
                        if (!n) return Err(err);
                        if (*n < 0) return Err("panic in function implementation: strings: negative Repeat count");
                        return Value::String(
                            ReplaceAll(a[1].AsString(), "\n", "\n" + std::string(static_cast<size_t>(*n), ' ')));
                      });
  (*t)["replace"] = Fn({Param("str", Type::String()), Param("substr", Type::String()), Param("replace", Type::String())},
                       Static(Type::String()), [](const Args& a, const Type&) -> FuncResult<Value> {
                         const std::string& sub = a[1].AsString();
                         if (sub.size() > 1 && sub.front() == '/' && sub.back() == '/') {
                           return RegexReplace(a[0].AsString(), sub.substr(1, sub.size() - 2), a[2].AsString());
                         }
                         return Value::String(ReplaceAll(a[0].AsString(), sub, a[2].AsString()));
                       });
}

}  // namespace funcs::internal
