// cty JSON value codec (cty/json Marshal/Unmarshal semantics).
#include "cty/json.h"

#include "cty/convert.h"
#include "internal.h"

namespace cty::json {

namespace {

class Encoder {
 public:
  explicit Encoder(std::string* out) : out_(out) {}
  bool Encode(const Value& v, const Type& t);
  Error TakeError() { return std::move(error_); }

 private:
  bool Fail(std::string msg) {
    error_ = Error{std::move(msg), path_};
    return false;
  }
  std::string* out_;
  Path path_;
  Error error_;
};

bool Encoder::Encode(const Value& v, const Type& t) {
  if (v.IsMarked()) return Fail("value has marks, so it cannot be serialized as JSON");
  if (!v.IsKnown()) return Fail("value is not known");
  if (t.IsDynamic() && !v.type().IsDynamic()) {
    out_->append("{\"value\":");
    if (!Encode(v, v.type())) {
      error_.message = "failed to serialize value: " + error_.message;
      return false;
    }
    out_->append(",\"type\":");
    out_->append(v.type().ToJSON());
    out_->push_back('}');
    return true;
  }
  if (v.IsNull()) {
    out_->append("null");
    return true;
  }
  switch (t.kind()) {
    case Kind::kString:
      internal::AppendJSONString(out_, v.AsString());
      return true;
    case Kind::kNumber: {
      const Number& n = v.AsNumber();
      if (n.IsInfinity()) return Fail("cannot serialize infinity as JSON");
      out_->append(n.ToString());
      return true;
    }
    case Kind::kBool:
      out_->append(v.AsBool() ? "true" : "false");
      return true;
    case Kind::kList:
    case Kind::kSet: {
      out_->push_back('[');
      const auto& el = v.Elements();
      for (size_t i = 0; i < el.size(); ++i) {
        if (i > 0) out_->push_back(',');
        path_.steps().push_back(t.IsSet() ? PathStep::Index(el[i]) : PathStep::Index(static_cast<int64_t>(i)));
        if (!Encode(el[i], t.element())) return false;
        path_.steps().pop_back();
      }
      out_->push_back(']');
      return true;
    }
    case Kind::kMap: {
      out_->push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.Attributes()) {
        if (!first) out_->push_back(',');
        first = false;
        internal::AppendJSONString(out_, k);
        out_->push_back(':');
        path_.steps().push_back(PathStep::Index(k));
        if (!Encode(e, t.element())) return false;
        path_.steps().pop_back();
      }
      out_->push_back('}');
      return true;
    }
    case Kind::kTuple: {
      out_->push_back('[');
      const auto& el = v.Elements();
      const auto& ets = t.tuple_elements();
      for (size_t i = 0; i < el.size() && i < ets.size(); ++i) {
        if (i > 0) out_->push_back(',');
        path_.steps().push_back(PathStep::Index(static_cast<int64_t>(i)));
        if (!Encode(el[i], ets[i])) return false;
        path_.steps().pop_back();
      }
      out_->push_back(']');
      return true;
    }
    case Kind::kObject: {
      out_->push_back('{');
      const auto& at = v.Attributes();
      bool first = true;
      for (const auto& [name, aty] : t.attributes()) {
        if (!first) out_->push_back(',');
        first = false;
        internal::AppendJSONString(out_, name);
        out_->push_back(':');
        path_.steps().push_back(PathStep::GetAttr(name));
        auto it = at.find(name);
        if (it == at.end()) return Fail("attribute is missing from the value");
        if (!Encode(it->second, aty)) return false;
        path_.steps().pop_back();
      }
      out_->push_back('}');
      return true;
    }
    case Kind::kDynamic:
      out_->append("null");
      return true;
  }
  return true;
}

class Decoder {
 public:
  Decoder(std::string_view data, UnmarshalOptions opts) : r_(data), opts_(opts) {}
  bool Decode(const Type& t, Value* out, int depth);
  bool Finish() {
    if (r_.ExpectEnd()) return true;
    return SyntaxFail();
  }
  Error TakeError() { return std::move(error_); }

 private:
  bool Fail(std::string msg) {
    error_ = Error{std::move(msg), path_};
    return false;
  }
  bool SyntaxFail() { return Fail(r_.error()); }
  bool DecodePrimitive(const Type& t, Value* out);
  bool DecodeSequence(const Type& t, Value* out, int depth);
  bool DecodeMap(const Type& t, Value* out, int depth);
  bool DecodeObject(const Type& t, Value* out, int depth);
  bool DecodeDynamic(Value* out, int depth);

  internal::JsonReader r_;
  UnmarshalOptions opts_;
  Path path_;
  Error error_;
};

bool Decoder::Decode(const Type& t, Value* out, int depth) {
  if (depth > internal::kMaxDepth) return Fail("value is nested too deeply");
  char c = r_.Peek();
  if (c == 0) return Fail("unexpected end of JSON input");
  if (c == 'n') {
    if (!r_.ReadLiteral("null")) return SyntaxFail();
    *out = Value::Null(t);
    return true;
  }
  if (t.IsDynamic()) return DecodeDynamic(out, depth);
  switch (t.kind()) {
    case Kind::kString:
    case Kind::kNumber:
    case Kind::kBool:
      return DecodePrimitive(t, out);
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple:
      return DecodeSequence(t, out, depth);
    case Kind::kMap:
      return DecodeMap(t, out, depth);
    case Kind::kObject:
      return DecodeObject(t, out, depth);
    case Kind::kDynamic:
      break;
  }
  return Fail("unsupported type " + t.FriendlyName());
}

bool Decoder::DecodePrimitive(const Type& t, Value* out) {
  char c = r_.Peek();
  if (c == '"') {
    std::string s;
    if (!r_.ReadString(&s)) return SyntaxFail();
    Value sv = Value::String(s);
    if (t.kind() == Kind::kString) {
      *out = std::move(sv);
      return true;
    }
    if (t.kind() == Kind::kNumber) {
      auto n = Number::Parse(s);
      if (!n.ok()) return Fail(n.error().message);
      *out = Value::Number(*n);
      return true;
    }
    auto b = Convert(sv, Type::Bool());
    if (!b.ok()) return Fail(b.error().message);
    *out = std::move(b).value();
    return true;
  }
  if (c == 't' || c == 'f') {
    bool b = c == 't';
    if (!r_.ReadLiteral(b ? "true" : "false")) return SyntaxFail();
    if (t.kind() == Kind::kBool) {
      *out = Value::Bool(b);
      return true;
    }
    if (t.kind() == Kind::kString) {
      *out = Value::String(b ? "true" : "false");
      return true;
    }
    return Fail("number is required");
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    std::string_view text;
    if (!r_.ReadNumber(&text)) return SyntaxFail();
    if (t.kind() == Kind::kString) {
      *out = Value::String(text);
      return true;
    }
    if (t.kind() == Kind::kNumber) {
      auto n = Number::Parse(text);
      if (!n.ok()) return Fail(n.error().message);
      *out = Value::Number(*n);
      return true;
    }
    return Fail("bool is required");
  }
  if (c != '[' && c != '{') {
    // Not a JSON value at all.
    r_.SkipValue();
    return SyntaxFail();
  }
  switch (t.kind()) {
    case Kind::kString:
      return Fail("string is required");
    case Kind::kNumber:
      return Fail("number is required");
    default:
      return Fail("bool is required");
  }
}

bool Decoder::DecodeSequence(const Type& t, Value* out, int depth) {
  if (r_.Peek() != '[') {
    if (!r_.SkipValue()) return SyntaxFail();
    return Fail("missing expected [");
  }
  if (!r_.BeginArray()) return SyntaxFail();
  std::vector<Value> elems;
  const auto& ets = t.tuple_elements();
  path_.steps().emplace_back();
  for (bool first = true;; first = false) {
    bool more = false;
    if (!r_.NextArrayElement(first, &more)) {
      path_.steps().pop_back();
      return SyntaxFail();
    }
    if (!more) break;
    size_t idx = elems.size();
    if (t.IsTuple() && idx >= ets.size()) {
      path_.steps().pop_back();
      return Fail("too many tuple elements (need " + std::to_string(ets.size()) + ")");
    }
    const Type& et = t.IsTuple() ? ets[idx] : t.element();
    path_.steps().back() = t.IsSet() ? PathStep::Index(Value::Unknown(et)) : PathStep::Index(static_cast<int64_t>(idx));
    Value v;
    if (!Decode(et, &v, depth + 1)) return false;
    elems.push_back(std::move(v));
  }
  path_.steps().pop_back();
  if (t.IsTuple()) {
    if (elems.size() != ets.size()) {
      return Fail("not enough tuple elements (need " + std::to_string(ets.size()) + ")");
    }
    *out = Value::Tuple(std::move(elems));
    return true;
  }
  const Type& et = t.element();
  if (et.HasDynamic()) {
    Type common;
    if (!internal::CommonElementType(et, elems, &common)) {
      return Fail(t.IsList() ? "inconsistent list element types" : "inconsistent set element types");
    }
  }
  *out = t.IsList() ? Value::List(et, std::move(elems)) : Value::Set(et, std::move(elems));
  return true;
}

bool Decoder::DecodeMap(const Type& t, Value* out, int depth) {
  if (r_.Peek() != '{') {
    if (!r_.SkipValue()) return SyntaxFail();
    return Fail("missing expected {");
  }
  if (!r_.BeginObject()) return SyntaxFail();
  std::map<std::string, Value> elems;
  const Type& et = t.element();
  std::string key;
  for (bool first = true;; first = false) {
    bool more = false;
    if (!r_.NextObjectKey(first, &more, &key)) return SyntaxFail();
    if (!more) break;
    path_.steps().push_back(PathStep::Index(key));
    Value v;
    if (!Decode(et, &v, depth + 1)) return false;
    path_.steps().pop_back();
    elems.insert_or_assign(key, std::move(v));
  }
  if (et.HasDynamic()) {
    Type common;
    if (!internal::CommonElementType(et, elems, &common)) return Fail("inconsistent map element types");
  }
  *out = Value::Map(et, std::move(elems));
  return true;
}

bool Decoder::DecodeObject(const Type& t, Value* out, int depth) {
  if (r_.Peek() != '{') {
    if (!r_.SkipValue()) return SyntaxFail();
    return Fail("missing expected {");
  }
  if (!r_.BeginObject()) return SyntaxFail();
  const auto& ats = t.attributes();
  std::map<std::string, Value> attrs;
  std::string key;
  for (bool first = true;; first = false) {
    bool more = false;
    if (!r_.NextObjectKey(first, &more, &key)) return SyntaxFail();
    if (!more) break;
    std::string name = internal::NormalizeNFC(key);
    auto it = ats.find(name);
    if (it == ats.end()) {
      if (opts_.ignore_unknown_attributes) {
        if (!r_.SkipValue()) return SyntaxFail();
        continue;
      }
      return Fail("unsupported attribute " + internal::GoQuote(key));
    }
    path_.steps().push_back(PathStep::GetAttr(name));
    Value v;
    if (!Decode(it->second, &v, depth + 1)) return false;
    path_.steps().pop_back();
    attrs.insert_or_assign(std::move(name), std::move(v));
  }
  for (const auto& [name, aty] : ats) {
    if (attrs.find(name) == attrs.end()) attrs.emplace(name, Value::Null(aty));
  }
  *out = Value::ObjectOf(t, std::move(attrs));
  return true;
}

bool Decoder::DecodeDynamic(Value* out, int depth) {
  if (r_.Peek() != '{') {
    if (!r_.SkipValue()) return SyntaxFail();
    return Fail("missing expected {");
  }
  if (!r_.BeginObject()) return SyntaxFail();
  std::optional<Type> type;
  std::optional<size_t> value_pos;
  std::string key;
  for (bool first = true;; first = false) {
    bool more = false;
    if (!r_.NextObjectKey(first, &more, &key)) return SyntaxFail();
    if (!more) break;
    if (key == "type") {
      auto parsed = internal::ParseTypeJSON(&r_);
      if (!parsed.ok()) {
        if (!r_.error().empty()) return SyntaxFail();
        return Fail("failed to decode type for dynamic value: " + parsed.error().message);
      }
      type = std::move(parsed).value();
    } else if (key == "value") {
      r_.Peek();
      value_pos = r_.pos();
      if (!r_.SkipValue()) return SyntaxFail();
    } else {
      if (!r_.SkipValue()) return SyntaxFail();
      return Fail("invalid key " + internal::GoQuote(key) + " in dynamically-typed value");
    }
  }
  if (!type) return Fail("missing type in dynamically-typed value");
  if (!value_pos) return Fail("missing value in dynamically-typed value");
  size_t end = r_.pos();
  r_.set_pos(*value_pos);
  if (!Decode(*type, out, depth + 1)) return false;
  r_.set_pos(end);
  return true;
}

}  // namespace

Result<std::string> Marshal(const Value& v, const Type& type) {
  Value val = v;
  if (!internal::TypeConforms(v.type(), type)) {
    if (v.ContainsMarked()) return Result<std::string>::Fail("value has marks, so it cannot be serialized as JSON");
    auto c = Convert(v, type);
    if (!c.ok()) return c.error();
    val = std::move(c).value();
  }
  std::string out;
  Encoder enc(&out);
  if (!enc.Encode(val, type)) return enc.TakeError();
  return out;
}

Result<Value> Unmarshal(std::string_view data, const Type& type, UnmarshalOptions opts) {
  Decoder dec(data, opts);
  Value v;
  if (!dec.Decode(type, &v, 0)) return dec.TakeError();
  if (!dec.Finish()) return dec.TakeError();
  return v;
}

Result<std::string> MarshalWithType(const Value& v) { return Marshal(v, Type::Dynamic()); }

Result<Value> UnmarshalWithType(std::string_view data) { return Unmarshal(data, Type::Dynamic()); }

}  // namespace cty::json
