// yamldecode and yamlencode (github.com/zclconf/go-cty-yaml). go-cty-yaml
// runs a Go port of libyaml, so libyaml's parser and emitter give the same
// events, output and error positions; the cty mapping (tag resolution,
// anchors, merge keys, implied types) follows go-cty-yaml.
#include <yaml.h>

#include <cstring>
#include <map>

#include "internal.h"

namespace funcs::internal {
namespace {

constexpr const char* kStrTag = "tag:yaml.org,2002:str";
constexpr const char* kBoolTag = "tag:yaml.org,2002:bool";
constexpr const char* kIntTag = "tag:yaml.org,2002:int";
constexpr const char* kFloatTag = "tag:yaml.org,2002:float";
constexpr const char* kNullTag = "tag:yaml.org,2002:null";
constexpr const char* kTimestampTag = "tag:yaml.org,2002:timestamp";
constexpr const char* kBinaryTag = "tag:yaml.org,2002:binary";
constexpr const char* kMapTag = "tag:yaml.org,2002:map";
constexpr const char* kSeqTag = "tag:yaml.org,2002:seq";

// A YAML error: go-cty-yaml's Error{Line, Column} when the line is non-zero
// (libyaml's zero-based line, as go-cty-yaml reports it).
std::string Positioned(size_t line, size_t column, const std::string& cause) {
  if (line == 0) return cause;
  return "on line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + cause;
}

const char* EventName(yaml_event_type_t t) {
  switch (t) {
    case YAML_STREAM_START_EVENT: return "stream start";
    case YAML_STREAM_END_EVENT: return "stream end";
    case YAML_DOCUMENT_START_EVENT: return "document start";
    case YAML_DOCUMENT_END_EVENT: return "document end";
    case YAML_ALIAS_EVENT: return "alias";
    case YAML_SCALAR_EVENT: return "scalar";
    case YAML_SEQUENCE_START_EVENT: return "sequence start";
    case YAML_SEQUENCE_END_EVENT: return "sequence end";
    case YAML_MAPPING_START_EVENT: return "mapping start";
    case YAML_MAPPING_END_EVENT: return "mapping end";
    default: return "none";
  }
}

struct Event {
  yaml_event_t e;
  bool live = false;
  ~Event() {
    if (live) yaml_event_delete(&e);
  }
};

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// go-cty-yaml parseTimestamp: a four-digit year and '-', then one of Go's
// layouts "2006-1-2T15:4:5.999999999Z07:00" (also 't'), "2006-1-2
// 15:4:5.999999999" or "2006-1-2"; result in RFC 3339.
std::optional<std::string> ParseYamlTimestamp(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return std::nullopt;
  auto num = [&](std::string_view* v, int maxd, int* out) {
    size_t k = 0;
    while (k < v->size() && k < static_cast<size_t>(maxd) && (*v)[k] >= '0' && (*v)[k] <= '9') ++k;
    if (k == 0) return false;
    *out = std::stoi(std::string(v->substr(0, k)));
    v->remove_prefix(k);
    return true;
  };
  std::string_view v = s.substr(5);
  int year = std::stoi(std::string(s.substr(0, 4)));
  int mon, day, hh = 0, mm = 0, ss = 0;
  if (!num(&v, 2, &mon) || v.empty() || v[0] != '-') return std::nullopt;
  v.remove_prefix(1);
  if (!num(&v, 2, &day)) return std::nullopt;
  int64_t offset = 0;
  if (!v.empty()) {
    char sep = v[0];
    if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
    v.remove_prefix(1);
    if (!num(&v, 2, &hh) || v.empty() || v[0] != ':') return std::nullopt;
    v.remove_prefix(1);
    if (!num(&v, 2, &mm) || v.empty() || v[0] != ':') return std::nullopt;
    v.remove_prefix(1);
    if (!num(&v, 2, &ss)) return std::nullopt;
    if (!v.empty() && v[0] == '.') {
      size_t k = 1;
      while (k < v.size() && v[k] >= '0' && v[k] <= '9') ++k;
      if (k == 1) return std::nullopt;
      v.remove_prefix(k);
    }
    if (sep == ' ') {
      if (!v.empty()) return std::nullopt;
    } else {
      if (v == "Z") {
        v = {};
      } else if (v.size() == 6 && (v[0] == '+' || v[0] == '-') && v[3] == ':' && IsDigits(v.substr(1, 2)) &&
                 IsDigits(v.substr(4, 2))) {
        offset = (std::stoi(std::string(v.substr(1, 2))) * 60 + std::stoi(std::string(v.substr(4, 2)))) * 60;
        if (v[0] == '-') offset = -offset;
      } else {
        return std::nullopt;
      }
    }
    if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (mon < 1 || mon > 12 || day < 1 || day > (mon == 2 && leap ? 29 : kDays[mon - 1])) return std::nullopt;
  auto pad = [](int64_t n, int w) {
    std::string r = std::to_string(n < 0 ? -n : n);
    while (static_cast<int>(r.size()) < w) r.insert(0, "0");
    return r;
  };
  std::string out = pad(year, 4) + "-" + pad(mon, 2) + "-" + pad(day, 2) + "T" + pad(hh, 2) + ":" + pad(mm, 2) +
                    ":" + pad(ss, 2);
  if (offset == 0) return out + "Z";
  int64_t off = offset < 0 ? -offset : offset;
  return out + (offset < 0 ? "-" : "+") + pad(off / 3600, 2) + ":" + pad(off / 60 % 60, 2);
}

// Go strconv.ParseInt/ParseUint(s, 0, 64) for 0x / 0o / 0b / 0 prefixes.
std::optional<Value> ParseGoInt(std::string s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.erase(0, 1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.erase(0, 2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    base = 8;
    s.erase(0, 2);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    base = 2;
    s.erase(0, 2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8;
    s.erase(0, 1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
    if (d >= base) return std::nullopt;
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) return std::nullopt;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (neg) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
    if (v == static_cast<uint64_t>(INT64_MAX) + 1) return Value::Number(cty::Number::FromInt64(INT64_MIN));
    return Value::Number(cty::Number::FromInt64(-static_cast<int64_t>(v)));
  }
  return Value::Number(cty::Number::FromUint64(v));
}

bool MatchInt(std::string_view s) {  // \A[-+]?(|0o[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)\z
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return true;
  auto all = [&](std::string_view t, auto pred) {
    if (t.empty()) return false;
    for (char c : t) {
      if (!pred(c)) return false;
    }
    return true;
  };
  if (s.substr(0, 2) == "0o" && all(s.substr(2), [](char c) { return (c >= '0' && c <= '7') || c == '_'; })) return true;
  if (s.substr(0, 2) == "0x" && all(s.substr(2), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '_'; })) {
    return true;
  }
  return all(s, [](char c) { return (c >= '0' && c <= '9') || c == '_'; });
}

bool MatchFloat(std::string_view s) {  // \A[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z
  size_t i = 0;
  auto digits = [&] {
    size_t st = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > st;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

struct Resolved {
  Value value;
  bool merge = false;  // the "<<" merge key
};

std::optional<Value> ResolveBool(const std::string& s) {
  static const std::map<std::string, bool> kBools = {
      {"y", true},  {"Y", true},   {"yes", true},  {"Yes", true},  {"YES", true},  {"true", true},   {"True", true},
      {"TRUE", true}, {"on", true}, {"On", true},  {"ON", true},   {"n", false},   {"N", false},     {"no", false},
      {"No", false}, {"NO", false}, {"false", false}, {"False", false}, {"FALSE", false}, {"off", false},
      {"Off", false}, {"OFF", false}};
  auto it = kBools.find(s);
  if (it == kBools.end()) return std::nullopt;
  return Value::Bool(it->second);
}

// go-cty-yaml resolveScalar.
bool ResolveScalar(std::string tag, const std::string& src, yaml_scalar_style_t style, Resolved* out,
                   std::string* err) {
  static const char* kResolvable[] = {"", kStrTag, kBoolTag, kIntTag, kFloatTag, kNullTag, kTimestampTag, kBinaryTag};
  bool ok = false;
  for (const char* r : kResolvable) ok |= tag == r;
  if (!ok) {
    *err = "unsupported tag " + GoQuote(tag);
    return false;
  }
  char hint = 'N';
  if (!src.empty()) {
    char c = src[0];
    hint = (c == '+' || c == '-') ? 'S'
           : (c >= '0' && c <= '9') ? 'D'
           : std::strchr("yYnNtTfFoO~", c) ? 'M'
           : c == '.' ? '.'
                      : 0;
  }
  if (hint != 0 && tag != kStrTag && tag != kBinaryTag) {
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
      out->value = Value::String(src);
      return true;
    }
    if (auto b = ResolveBool(src)) {
      out->value = *b;
      return true;
    }
    if (src.empty() || src == "~" || src == "null" || src == "Null" || src == "NULL") {
      out->value = Value::Null(Type::Dynamic());
      return true;
    }
    if (src == ".inf" || src == ".Inf" || src == ".INF" || src == "+.inf" || src == "+.Inf" || src == "+.INF") {
      out->value = Value::Number(cty::Number::Infinity(false));
      return true;
    }
    if (src == "-.inf" || src == "-.Inf" || src == "-.INF") {
      out->value = Value::Number(cty::Number::Infinity(true));
      return true;
    }
    if (tag.empty() && (src == ".nan" || src == ".NaN" || src == ".NAN")) {
      *err = "floating point NaN is not supported";
      return false;
    }
    if (hint == '.') {
      auto n = cty::Number::Parse(src);
      if (n.ok()) {
        out->value = Value::Number(n.value());
        return true;
      }
    } else if (hint == 'D' || hint == 'S') {
      if (tag.empty() || tag == kTimestampTag) {
        if (auto ts = ParseYamlTimestamp(src)) {
          out->value = Value::String(*ts);
          return true;
        }
      }
      if (MatchInt(src)) {
        tag = kIntTag;
      } else if (MatchFloat(src)) {
        tag = kFloatTag;
      }
    }
  }
  if (tag.empty() && src == "<<") {
    out->merge = true;
    out->value = Value::String("<<");
    return true;
  }
  if (tag == kBinaryTag && !Base64Valid(src)) {
    *err = "cannot parse " + GoQuote(src) + " as " + tag + ": not valid base64";
    return false;
  }
  if (tag == kStrTag || tag == kBinaryTag || tag.empty()) {
    out->value = Value::String(src);
    return true;
  }
  if (tag == kBoolTag) {
    if (auto b = ResolveBool(src)) {
      out->value = *b;
      return true;
    }
  } else if (tag == kFloatTag || tag == kIntTag) {
    std::string plain;
    for (char c : src) {
      if (c != '_') plain += c;
    }
    auto n = cty::Number::Parse(plain);
    if (n.ok()) {
      out->value = Value::Number(n.value());
      return true;
    }
    if (auto i = ParseGoInt(plain)) {
      out->value = *i;
      return true;
    }
  } else if (tag == kTimestampTag) {
    if (auto ts = ParseYamlTimestamp(src)) {
      out->value = Value::String(*ts);
      return true;
    }
  } else if (tag == kNullTag) {
    out->value = Value::Null(Type::Dynamic());
    return true;
  }
  *err = "cannot parse " + GoQuote(src) + " as " + tag;
  return false;
}

class Decoder {
 public:
  explicit Decoder(const std::string& src) : src_(src.empty() ? std::string("\n") : src) {
    yaml_parser_initialize(&p_);
    yaml_parser_set_input_string(&p_, reinterpret_cast<const unsigned char*>(src_.data()), src_.size());
  }
  ~Decoder() { yaml_parser_delete(&p_); }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  bool Document(Value* out) {
    Event evt;
    if (!Next(&evt)) return false;
    if (evt.e.type != YAML_STREAM_START_EVENT) return EventFail(evt, "missing stream start token");
    Event doc;
    if (!Next(&doc)) return false;
    if (doc.e.type != YAML_DOCUMENT_START_EVENT) return EventFail(doc, "missing start of document");
    if (!Parse(out)) return false;
    Event end;
    if (!Next(&end)) return false;
    if (end.e.type == YAML_DOCUMENT_START_EVENT) return EventFail(end, "only a single document is allowed");
    if (end.e.type != YAML_DOCUMENT_END_EVENT) {
      return EventFail(end, std::string("unexpected extra content (") + EventName(end.e.type) + ") after value");
    }
    Event stream_end;
    if (!Next(&stream_end)) return false;
    if (stream_end.e.type != YAML_STREAM_END_EVENT) return EventFail(stream_end, "unexpected extra content after value");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool Next(Event* evt) {
    if (!yaml_parser_parse(&p_, &evt->e)) return ParserFail();
    evt->live = true;
    return true;
  }
  bool ParserFail() {
    std::string cause = p_.problem ? p_.problem : "invalid YAML syntax";
    if (p_.problem_mark.line != 0) {
      size_t line = p_.problem_mark.line, column = p_.problem_mark.column;
      if (p_.error == YAML_SCANNER_ERROR) {
        ++line;
        column = 0;
      }
      error_ = Positioned(line, column + 1, cause);
    } else if (p_.context_mark.line != 0) {
      error_ = Positioned(p_.context_mark.line, p_.context_mark.column + 1, cause);
    } else {
      error_ = cause;
    }
    return false;
  }
  bool EventFail(const Event& evt, const std::string& cause) {
    error_ = Positioned(evt.e.start_mark.line, evt.e.start_mark.column + 1, cause);
    return false;
  }
  static std::string Str(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

  bool Parse(Value* out) {
    Event evt;
    if (!Next(&evt)) return false;
    return Remainder(evt, out);
  }

  bool Remainder(const Event& evt, Value* out) {
    switch (evt.e.type) {
      case YAML_SCALAR_EVENT: {
        std::string anchor = Str(evt.e.data.scalar.anchor);
        if (!anchor.empty()) ++pending_[anchor];
        Resolved r;
        std::string err;
        std::string value(reinterpret_cast<const char*>(evt.e.data.scalar.value), evt.e.data.scalar.length);
        if (!ResolveScalar(Str(evt.e.data.scalar.tag), value, evt.e.data.scalar.style, &r, &err)) {
          return EventFail(evt, err);
        }
        *out = r.value;
        if (!anchor.empty()) Complete(anchor, *out);
        return true;
      }
      case YAML_ALIAS_EVENT: {
        std::string name = Str(evt.e.data.alias.anchor);
        if (pending_.count(name)) {
          return EventFail(evt, "cannot refer to anchor " + GoQuote(name) + " from inside its own definition");
        }
        auto it = anchors_.find(name);
        if (it == anchors_.end()) return EventFail(evt, "reference to undefined anchor " + GoQuote(name));
        *out = it->second;
        return true;
      }
      case YAML_MAPPING_START_EVENT:
        return Mapping(evt, out);
      case YAML_SEQUENCE_START_EVENT:
        return Sequence(evt, out);
      case YAML_DOCUMENT_START_EVENT:
        return EventFail(evt, "only a single document is allowed");
      case YAML_STREAM_END_EVENT:
        return EventFail(evt, "expecting value but found end of stream");
      default:
        return EventFail(evt, std::string("unexpected parser event ") + EventName(evt.e.type));
    }
  }

  void Complete(const std::string& anchor, const Value& v) {
    if (--pending_[anchor] == 0) pending_.erase(anchor);
    anchors_[anchor] = v;
  }

  bool Mapping(const Event& start, Value* out) {
    std::string tag = Str(start.e.data.mapping_start.tag);
    std::string anchor = Str(start.e.data.mapping_start.anchor);
    if (!tag.empty() && tag != kMapTag) return EventFail(start, "can't interpret mapping as " + tag);
    if (!anchor.empty()) ++pending_[anchor];
    std::map<std::string, Value> vals;
    for (;;) {
      Event key;
      if (!Next(&key)) return false;
      if (key.e.type == YAML_MAPPING_END_EVENT) {
        *out = Value::Object(std::move(vals));
        if (!anchor.empty()) Complete(anchor, *out);
        return true;
      }
      if (key.e.type != YAML_SCALAR_EVENT) return EventFail(key, "only strings are allowed as mapping keys");
      Resolved r;
      std::string err;
      std::string ks(reinterpret_cast<const char*>(key.e.data.scalar.value), key.e.data.scalar.length);
      if (!ResolveScalar(Str(key.e.data.scalar.tag), ks, key.e.data.scalar.style, &r, &err)) {
        error_ = err;
        return false;
      }
      if (r.merge) {
        Value merged;
        if (!Parse(&merged)) return false;
        const Type& t = merged.type();
        if (!t.IsObject() && !t.IsMap()) {
          return EventFail(key, "cannot merge " + t.FriendlyName() + " into mapping");
        }
        for (const auto& [k, v] : merged.Attributes()) vals[k] = v;
        continue;
      }
      auto kv = cty::Convert(r.value, Type::String());
      if (!kv.ok()) return EventFail(key, "only strings are allowed as mapping keys");
      if (kv.value().IsNull()) return EventFail(key, "mapping key cannot be null");
      Value v;
      if (!Parse(&v)) return false;
      vals[kv.value().AsString()] = v;
    }
  }

  bool Sequence(const Event& start, Value* out) {
    std::string tag = Str(start.e.data.sequence_start.tag);
    std::string anchor = Str(start.e.data.sequence_start.anchor);
    if (!tag.empty() && tag != kSeqTag) return EventFail(start, "can't interpret sequence as " + tag);
    if (!anchor.empty()) ++pending_[anchor];
    std::vector<Value> vals;
    for (;;) {
      Event next;
      if (!Next(&next)) return false;
      if (next.e.type == YAML_SEQUENCE_END_EVENT) {
        *out = Value::Tuple(std::move(vals));
        if (!anchor.empty()) Complete(anchor, *out);
        return true;
      }
      Value v;
      if (!Remainder(next, &v)) return false;
      vals.push_back(std::move(v));
    }
  }

  std::string src_;
  yaml_parser_t p_;
  std::map<std::string, int> pending_;
  std::map<std::string, Value> anchors_;
  std::string error_;
};

// ---- yamlencode

int WriteHandler(void* data, unsigned char* buffer, size_t size) {
  static_cast<std::string*>(data)->append(reinterpret_cast<const char*>(buffer), size);
  return 1;
}

class Encoder {
 public:
  Encoder() {
    yaml_emitter_initialize(&e_);
    yaml_emitter_set_output(&e_, WriteHandler, &out_);
    yaml_emitter_set_unicode(&e_, 1);
  }
  ~Encoder() { yaml_emitter_delete(&e_); }
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  bool Marshal(const Value& v, std::string* out, std::string* err) {
    yaml_event_t evt;
    yaml_stream_start_event_initialize(&evt, YAML_UTF8_ENCODING);
    if (!Emit(&evt, err)) return false;
    yaml_document_start_event_initialize(&evt, nullptr, nullptr, nullptr, 1);
    if (!Emit(&evt, err)) return false;
    if (!Value_(v, err)) return false;
    yaml_document_end_event_initialize(&evt, 1);
    if (!Emit(&evt, err)) return false;
    yaml_stream_end_event_initialize(&evt);
    if (!Emit(&evt, err)) return false;
    // The Go port ends an open-ended document (a plain scalar at the root)
    // with "...", and libyaml >= 0.2.2 instead after "|+" block scalars.
    if (out_.size() >= 4 && out_.compare(out_.size() - 4, 4, "...\n") == 0) out_.resize(out_.size() - 4);
    if (v.IsNull() || v.type() == Type::Number() || v.type() == Type::Bool()) out_ += "...\n";
    *out = out_;
    return true;
  }

 private:
  bool Emit(yaml_event_t* evt, std::string* err) {
    if (yaml_emitter_emit(&e_, evt)) return true;
    *err = e_.problem ? e_.problem : "failed to write YAML token";
    return false;
  }
  bool Scalar(const std::string& s, yaml_scalar_style_t style, std::string* err) {
    yaml_event_t evt;
    yaml_scalar_event_initialize(&evt, nullptr, nullptr,
                                 reinterpret_cast<yaml_char_t*>(const_cast<char*>(s.data())),
                                 static_cast<int>(s.size()), 1, 1, style);
    return Emit(&evt, err);
  }
  bool Value_(const Value& v, std::string* err) {
    const Type& t = v.type();
    if (v.IsNull()) return Scalar("null", YAML_PLAIN_SCALAR_STYLE, err);
    if (!v.IsKnown()) {
      *err = "cannot serialize unknown value as YAML";
      return false;
    }
    if (t == Type::String()) {
      const std::string& s = v.AsString();
      return Scalar(s, s.find('\n') != std::string::npos ? YAML_LITERAL_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                    err);
    }
    if (t == Type::Number()) return Scalar(v.AsNumber().ToString(), YAML_PLAIN_SCALAR_STYLE, err);
    if (t == Type::Bool()) return Scalar(v.AsBool() ? "true" : "false", YAML_PLAIN_SCALAR_STYLE, err);
    yaml_event_t evt;
    if (t.IsTuple() || t.IsList() || t.IsSet()) {
      yaml_sequence_start_event_initialize(&evt, nullptr, nullptr, 1, YAML_BLOCK_SEQUENCE_STYLE);
      if (!Emit(&evt, err)) return false;
      for (const Value& e : v.Elements()) {
        if (!Value_(e, err)) return false;
      }
      yaml_sequence_end_event_initialize(&evt);
      return Emit(&evt, err);
    }
    if (t.IsObject() || t.IsMap()) {
      yaml_mapping_start_event_initialize(&evt, nullptr, nullptr, 1, YAML_BLOCK_MAPPING_STYLE);
      if (!Emit(&evt, err)) return false;
      for (const auto& [k, e] : v.Attributes()) {
        if (!Scalar(k, k.find('\n') != std::string::npos ? YAML_LITERAL_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE,
                    err) ||
            !Value_(e, err)) {
          return false;
        }
      }
      yaml_mapping_end_event_initialize(&evt);
      return Emit(&evt, err);
    }
    *err = "can't marshal " + t.FriendlyName() + " as YAML";
    return false;
  }

  yaml_emitter_t e_;
  std::string out_;
};

}  // namespace

void AddYaml(cty::FunctionTable* t) {
  (*t)["yamldecode"] = Fn({Param("src", Type::String())},
                          [](const Args& a) -> FuncResult<Type> {
                            if (!a[0].IsKnown()) return Type::Dynamic();
                            Decoder d(a[0].AsString());
                            Value v;
                            if (!d.Document(&v)) return Err(d.error());
                            return v.type();
                          },
                          [](const Args& a, const Type& ret) -> FuncResult<Value> {
                            // go-cty-yaml: a Dynamic result type (a document that is
                            // just null) gives cty.DynamicVal, not a null.
                            if (ret.IsDynamic()) return Value::DynamicVal();
                            Decoder d(a[0].AsString());
                            Value v;
                            if (!d.Document(&v)) return Err(d.error());
                            return v;
                          },
                          false);
  (*t)["yamlencode"] = Fn({Param("value", Type::Dynamic(), kAllowNull | kAllowDynamic)}, Static(Type::String()),
                          [](const Args& a, const Type& ret) -> FuncResult<Value> {
                            if (!a[0].IsWhollyKnown()) return Value::Unknown(ret);
                            Encoder e;
                            std::string out, err;
                            if (!e.Marshal(a[0], &out, &err)) return Err(err);
                            return Value::String(out);
                          },
                          false);
}

}  // namespace funcs::internal
