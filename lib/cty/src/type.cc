// cty::Type: shared immutable type nodes with structural equality, JSON type
// expressions, friendly names.
#include "cty/type.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <utility>

#include "cty/result.h"
#include "internal.h"

namespace cty {

struct Type::Node {
  Kind kind = Kind::kDynamic;
  bool has_dynamic = false;
  bool has_optional = false;  // optional markers anywhere (deep)
  size_t hash = 0;
  Type element{std::shared_ptr<const Node>()};  // collections
  std::map<std::string, Type> attrs;            // objects
  std::set<std::string> optional;               // objects
  std::vector<Type> elems;                      // tuples
};

namespace {

size_t Mix(size_t h, size_t v) { return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)); }

std::shared_ptr<const Type::Node> Primitive(Kind k) {
  auto n = std::make_shared<Type::Node>();
  n->kind = k;
  n->has_dynamic = k == Kind::kDynamic;
  n->hash = Mix(0, static_cast<size_t>(k) + 1);
  return n;
}

const std::shared_ptr<const Type::Node>& StringNode() {
  static const auto* n = new std::shared_ptr<const Type::Node>(Primitive(Kind::kString));
  return *n;
}
const std::shared_ptr<const Type::Node>& NumberNode() {
  static const auto* n = new std::shared_ptr<const Type::Node>(Primitive(Kind::kNumber));
  return *n;
}
const std::shared_ptr<const Type::Node>& BoolNode() {
  static const auto* n = new std::shared_ptr<const Type::Node>(Primitive(Kind::kBool));
  return *n;
}
const std::shared_ptr<const Type::Node>& DynamicNode() {
  static const auto* n = new std::shared_ptr<const Type::Node>(Primitive(Kind::kDynamic));
  return *n;
}

const std::map<std::string, Type>& EmptyAttrs() {
  static const auto* m = new std::map<std::string, Type>();
  return *m;
}
const std::set<std::string>& EmptyNames() {
  static const auto* s = new std::set<std::string>();
  return *s;
}
const std::vector<Type>& EmptyTypes() {
  static const auto* v = new std::vector<Type>();
  return *v;
}

[[noreturn]] void Violation(const char* what) {
  std::fprintf(stderr, "cty: contract violation: %s\n", what);
  std::abort();
}

}  // namespace

Type::Type() : node_(DynamicNode()) {}
Type::Type(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

Type Type::String() { return Type(StringNode()); }
Type Type::Number() { return Type(NumberNode()); }
Type Type::Bool() { return Type(BoolNode()); }
Type Type::Dynamic() { return Type(DynamicNode()); }

namespace {
std::shared_ptr<const Type::Node> Collection(Kind k, Type element, const Type::Node& en) {
  auto n = std::make_shared<Type::Node>();
  n->kind = k;
  n->has_dynamic = en.has_dynamic;
  n->has_optional = en.has_optional;
  n->hash = Mix(Mix(0, static_cast<size_t>(k) + 1), en.hash);
  n->element = std::move(element);
  return n;
}
}  // namespace

Type Type::List(Type element) {
  const Node& en = *element.node_;
  return Type(Collection(Kind::kList, std::move(element), en));
}
Type Type::Set(Type element) {
  const Node& en = *element.node_;
  return Type(Collection(Kind::kSet, std::move(element), en));
}
Type Type::Map(Type element) {
  const Node& en = *element.node_;
  return Type(Collection(Kind::kMap, std::move(element), en));
}

Type Type::Object(std::map<std::string, Type> attributes, std::set<std::string> optional) {
  bool ascii = true;
  for (const auto& [name, t] : attributes) {
    if (!internal::IsASCII(name)) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    std::map<std::string, Type> norm;
    for (auto& [name, t] : attributes) norm.insert_or_assign(internal::NormalizeNFC(name), t);
    attributes = std::move(norm);
    std::set<std::string> onorm;
    for (const auto& name : optional) onorm.insert(internal::NormalizeNFC(name));
    optional = std::move(onorm);
  }
  auto n = std::make_shared<Node>();
  n->kind = Kind::kObject;
  size_t h = Mix(0, static_cast<size_t>(Kind::kObject) + 1);
  for (const auto& [name, t] : attributes) {
    h = Mix(h, std::hash<std::string>()(name));
    h = Mix(h, t.node_->hash);
    n->has_dynamic = n->has_dynamic || t.node_->has_dynamic;
    n->has_optional = n->has_optional || t.node_->has_optional;
  }
  for (const auto& name : optional) {
    if (attributes.count(name) == 0) continue;  // REQUIRES violated; ignore
    n->optional.insert(name);
    h = Mix(h, std::hash<std::string>()(name) ^ 0x5bd1e995);
  }
  n->has_optional = n->has_optional || !n->optional.empty();
  n->hash = h;
  n->attrs = std::move(attributes);
  return Type(std::move(n));
}

Type Type::EmptyObject() {
  static const auto* t = new Type(Object({}));
  return *t;
}

Type Type::Tuple(std::vector<Type> elements) {
  auto n = std::make_shared<Node>();
  n->kind = Kind::kTuple;
  size_t h = Mix(0, static_cast<size_t>(Kind::kTuple) + 1);
  for (const auto& t : elements) {
    h = Mix(h, t.node_->hash);
    n->has_dynamic = n->has_dynamic || t.node_->has_dynamic;
    n->has_optional = n->has_optional || t.node_->has_optional;
  }
  n->hash = h;
  n->elems = std::move(elements);
  return Type(std::move(n));
}

Type Type::EmptyTuple() {
  static const auto* t = new Type(Tuple({}));
  return *t;
}

Kind Type::kind() const { return node_->kind; }
bool Type::IsPrimitive() const {
  Kind k = node_->kind;
  return k == Kind::kString || k == Kind::kNumber || k == Kind::kBool;
}
bool Type::IsCollection() const {
  Kind k = node_->kind;
  return k == Kind::kList || k == Kind::kSet || k == Kind::kMap;
}
bool Type::IsList() const { return node_->kind == Kind::kList; }
bool Type::IsSet() const { return node_->kind == Kind::kSet; }
bool Type::IsMap() const { return node_->kind == Kind::kMap; }
bool Type::IsObject() const { return node_->kind == Kind::kObject; }
bool Type::IsTuple() const { return node_->kind == Kind::kTuple; }
bool Type::IsDynamic() const { return node_->kind == Kind::kDynamic; }
bool Type::HasDynamic() const { return node_->has_dynamic; }

const Type& Type::element() const {
  if (!IsCollection()) Violation("Type::element on a non-collection type");
  return node_->element;
}
const std::map<std::string, Type>& Type::attributes() const {
  if (!IsObject()) return EmptyAttrs();
  return node_->attrs;
}
const std::set<std::string>& Type::optional_attributes() const {
  if (!IsObject()) return EmptyNames();
  return node_->optional;
}
bool Type::HasAttribute(std::string_view name) const {
  if (!IsObject()) return false;
  return node_->attrs.find(std::string(name)) != node_->attrs.end();
}
bool Type::IsOptionalAttribute(std::string_view name) const {
  if (!IsObject()) return false;
  return node_->optional.count(std::string(name)) != 0;
}
const Type& Type::attribute(std::string_view name) const {
  if (IsObject()) {
    auto it = node_->attrs.find(std::string(name));
    if (it != node_->attrs.end()) return it->second;
  }
  Violation("Type::attribute: no such attribute");
}
const std::vector<Type>& Type::tuple_elements() const {
  if (!IsTuple()) return EmptyTypes();
  return node_->elems;
}

Type Type::WithoutOptionalAttributesDeep() const {
  if (!node_->has_optional) return *this;
  switch (node_->kind) {
    case Kind::kList:
      return List(node_->element.WithoutOptionalAttributesDeep());
    case Kind::kSet:
      return Set(node_->element.WithoutOptionalAttributesDeep());
    case Kind::kMap:
      return Map(node_->element.WithoutOptionalAttributesDeep());
    case Kind::kObject: {
      std::map<std::string, Type> attrs;
      for (const auto& [name, t] : node_->attrs) {
        attrs.emplace_hint(attrs.end(), name, t.WithoutOptionalAttributesDeep());
      }
      return Object(std::move(attrs));
    }
    case Kind::kTuple: {
      std::vector<Type> elems;
      elems.reserve(node_->elems.size());
      for (const auto& t : node_->elems) elems.push_back(t.WithoutOptionalAttributesDeep());
      return Tuple(std::move(elems));
    }
    default:
      return *this;
  }
}

// ---- JSON type expressions ----

namespace {

void AppendTypeJSON(std::string* out, const Type& t) {
  switch (t.kind()) {
    case Kind::kString:
      out->append("\"string\"");
      return;
    case Kind::kNumber:
      out->append("\"number\"");
      return;
    case Kind::kBool:
      out->append("\"bool\"");
      return;
    case Kind::kDynamic:
      out->append("\"dynamic\"");
      return;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      out->append(t.IsList() ? "[\"list\"," : t.IsSet() ? "[\"set\"," : "[\"map\",");
      AppendTypeJSON(out, t.element());
      out->push_back(']');
      return;
    case Kind::kObject: {
      out->append("[\"object\",{");
      bool first = true;
      for (const auto& [name, at] : t.attributes()) {
        if (!first) out->push_back(',');
        first = false;
        internal::AppendJSONString(out, name);
        out->push_back(':');
        AppendTypeJSON(out, at);
      }
      out->push_back('}');
      if (!t.optional_attributes().empty()) {
        out->append(",[");
        first = true;
        for (const auto& name : t.optional_attributes()) {
          if (!first) out->push_back(',');
          first = false;
          internal::AppendJSONString(out, name);
        }
        out->push_back(']');
      }
      out->push_back(']');
      return;
    }
    case Kind::kTuple: {
      out->append("[\"tuple\",[");
      bool first = true;
      for (const auto& et : t.tuple_elements()) {
        if (!first) out->push_back(',');
        first = false;
        AppendTypeJSON(out, et);
      }
      out->append("]]");
      return;
    }
  }
}

// Reads a JSON value that Go would decode into []string / map / []Type,
// honouring Go's "null decodes as empty" rule.
Result<Type> ParseType(internal::JsonReader* r, int depth);

Result<Type> Fail(internal::JsonReader* r) { return Result<Type>::Fail(r->error()); }

// Consumes one JSON value and returns Go's "json: cannot unmarshal X into Go
// value of type Y" message.
Result<Type> CannotUnmarshal(internal::JsonReader* r, std::string_view go_type) {
  char c = r->Peek();
  const char* what = c == '"' ? "string" : c == '[' ? "array" : c == '{' ? "object" : (c == 't' || c == 'f') ? "bool" : "number";
  if (!r->SkipValue()) return Fail(r);
  return Result<Type>::Fail(std::string("json: cannot unmarshal ") + what + " into Go value of type " +
                            std::string(go_type));
}

bool IsNullNext(internal::JsonReader* r) { return r->Peek() == 'n'; }

Result<Type> ParseObjectType(internal::JsonReader* r, int depth) {
  std::map<std::string, Type> attrs;
  if (IsNullNext(r)) {
    if (!r->ReadLiteral("null")) return Fail(r);
  } else if (r->Peek() != '{') {
    return CannotUnmarshal(r, "map[string]cty.Type");
  } else {
    if (!r->BeginObject()) return Fail(r);
    bool more = false;
    std::string key;
    for (bool first = true;; first = false) {
      if (!r->NextObjectKey(first, &more, &key)) return Fail(r);
      if (!more) break;
      auto t = ParseType(r, depth + 1);
      if (!t.ok()) return t;
      attrs.insert_or_assign(std::move(key), std::move(t).value());
    }
  }
  std::set<std::string> optional;
  bool more = false;
  if (!r->NextArrayElement(false, &more)) return Fail(r);
  if (more) {
    if (IsNullNext(r)) {
      if (!r->ReadLiteral("null")) return Fail(r);
    } else if (r->Peek() != '[') {
      return CannotUnmarshal(r, "[]string");
    } else {
      if (!r->BeginArray()) return Fail(r);
      for (bool first = true;; first = false) {
        bool m = false;
        if (!r->NextArrayElement(first, &m)) return Fail(r);
        if (!m) break;
        if (r->Peek() != '"') {
          if (IsNullNext(r)) {
            if (!r->ReadLiteral("null")) return Fail(r);
            optional.insert("");
            continue;
          }
          return CannotUnmarshal(r, "string");
        }
        std::string name;
        if (!r->ReadString(&name)) return Fail(r);
        optional.insert(std::move(name));
      }
    }
    for (const auto& name : optional) {
      if (attrs.count(internal::NormalizeNFC(name)) == 0) {
        return Result<Type>::Fail("optional contains undeclared attribute " + internal::GoQuote(name));
      }
    }
    if (!r->NextArrayElement(false, &more)) return Fail(r);
    if (more) return Result<Type>::Fail("unexpected extra data in type description");
    return Type::Object(std::move(attrs), std::move(optional));
  }
  return Type::Object(std::move(attrs));
}

Result<Type> ParseType(internal::JsonReader* r, int depth) {
  if (depth > internal::kMaxDepth) return Result<Type>::Fail("type description is nested too deeply");
  char c = r->Peek();
  if (c == '"') {
    std::string name;
    if (!r->ReadString(&name)) return Fail(r);
    if (name == "bool") return Type::Bool();
    if (name == "number") return Type::Number();
    if (name == "string") return Type::String();
    if (name == "dynamic") return Type::Dynamic();
    return Result<Type>::Fail("invalid primitive type name " + internal::GoQuote(name));
  }
  if (c == '{') {
    if (!r->SkipValue()) return Fail(r);
    return Result<Type>::Fail("invalid complex type description");
  }
  if (c != '[') {
    if (c == 0) {
      r->Fail("EOF");
      return Fail(r);
    }
    if (!r->SkipValue()) return Fail(r);
    return Result<Type>::Fail("invalid type description");
  }
  if (!r->BeginArray()) return Fail(r);
  bool more = false;
  if (!r->NextArrayElement(true, &more)) return Fail(r);
  if (!more || r->Peek() != '"') return Result<Type>::Fail("invalid complex type kind name");
  std::string kind;
  if (!r->ReadString(&kind)) return Fail(r);
  if (kind != "list" && kind != "map" && kind != "set" && kind != "object" && kind != "tuple") {
    return Result<Type>::Fail("invalid complex type kind name");
  }
  if (!r->NextArrayElement(false, &more)) return Fail(r);
  if (!more) return Result<Type>::Fail("expected comma after array element");
  Type result;
  if (kind == "list" || kind == "map" || kind == "set") {
    auto et = ParseType(r, depth + 1);
    if (!et.ok()) return et;
    result = kind == "list" ? Type::List(std::move(et).value())
             : kind == "map" ? Type::Map(std::move(et).value())
                             : Type::Set(std::move(et).value());
  } else if (kind == "object") {
    return ParseObjectType(r, depth);
  } else {
    std::vector<Type> elems;
    if (IsNullNext(r)) {
      if (!r->ReadLiteral("null")) return Fail(r);
    } else if (r->Peek() != '[') {
      return CannotUnmarshal(r, "[]cty.Type");
    } else {
      if (!r->BeginArray()) return Fail(r);
      for (bool first = true;; first = false) {
        bool m = false;
        if (!r->NextArrayElement(first, &m)) return Fail(r);
        if (!m) break;
        auto et = ParseType(r, depth + 1);
        if (!et.ok()) return et;
        elems.push_back(std::move(et).value());
      }
    }
    result = Type::Tuple(std::move(elems));
  }
  if (!r->NextArrayElement(false, &more)) return Fail(r);
  if (more) return Result<Type>::Fail("unexpected extra data in type description");
  return result;
}

}  // namespace

std::string Type::ToJSON() const {
  std::string out;
  AppendTypeJSON(&out, *this);
  return out;
}

Result<Type> Type::FromJSON(std::string_view json) {
  internal::JsonReader r(json);
  char first = r.Peek();
  auto t = ParseType(&r, 0);
  if (!t.ok()) return t;
  if (!r.AtEnd()) {
    if (first == '"') return Result<Type>::Fail("extraneous data after type description");
    return Result<Type>::Fail("unexpected extra data in type description");
  }
  return t;
}

namespace internal {
Result<Type> ParseTypeJSON(JsonReader* r) { return ParseType(r, 0); }
}  // namespace internal

// ---- names ----

namespace {
std::string Friendly(const Type& t, bool constraint) {
  switch (t.kind()) {
    case Kind::kString:
      return "string";
    case Kind::kNumber:
      return "number";
    case Kind::kBool:
      return "bool";
    case Kind::kDynamic:
      return constraint ? "any type" : "dynamic";
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap: {
      std::string elem = constraint && t.element().IsDynamic() ? "any single type" : Friendly(t.element(), constraint);
      const char* prefix = t.IsList() ? "list of " : t.IsSet() ? "set of " : "map of ";
      return prefix + elem;
    }
    case Kind::kObject:
      return "object";
    case Kind::kTuple:
      return "tuple";
  }
  return "dynamic";
}

bool IsHCLIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && ((c >= '0' && c <= '9') || c == '-'));
    if (!ok) return false;
  }
  return true;
}

void AppendHCL(std::string* out, const Type& t) {
  switch (t.kind()) {
    case Kind::kString:
      out->append("string");
      return;
    case Kind::kNumber:
      out->append("number");
      return;
    case Kind::kBool:
      out->append("bool");
      return;
    case Kind::kDynamic:
      out->append("any");
      return;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      out->append(t.IsList() ? "list(" : t.IsSet() ? "set(" : "map(");
      AppendHCL(out, t.element());
      out->push_back(')');
      return;
    case Kind::kObject: {
      out->append("object({");
      bool first = true;
      for (const auto& [name, at] : t.attributes()) {
        if (!first) out->push_back(',');
        first = false;
        if (IsHCLIdentifier(name)) {
          out->append(name);
        } else {
          internal::AppendGoQuote(out, name);
        }
        out->push_back('=');
        bool opt = t.IsOptionalAttribute(name);
        if (opt) out->append("optional(");
        AppendHCL(out, at);
        if (opt) out->push_back(')');
      }
      out->append("})");
      return;
    }
    case Kind::kTuple: {
      out->append("tuple([");
      bool first = true;
      for (const auto& et : t.tuple_elements()) {
        if (!first) out->push_back(',');
        first = false;
        AppendHCL(out, et);
      }
      out->append("])");
      return;
    }
  }
}

void AppendCtyGo(std::string* out, const Type& t) {
  switch (t.kind()) {
    case Kind::kString:
      out->append("cty.String");
      return;
    case Kind::kNumber:
      out->append("cty.Number");
      return;
    case Kind::kBool:
      out->append("cty.Bool");
      return;
    case Kind::kDynamic:
      out->append("cty.DynamicPseudoType");
      return;
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      out->append(t.IsList() ? "cty.List(" : t.IsSet() ? "cty.Set(" : "cty.Map(");
      AppendCtyGo(out, t.element());
      out->push_back(')');
      return;
    case Kind::kObject: {
      if (t.attributes().empty()) {
        out->append("cty.EmptyObject");
        return;
      }
      bool opt = !t.optional_attributes().empty();
      out->append(opt ? "cty.ObjectWithOptionalAttrs(map[string]cty.Type{" : "cty.Object(map[string]cty.Type{");
      bool first = true;
      for (const auto& [name, at] : t.attributes()) {
        if (!first) out->append(", ");
        first = false;
        internal::AppendGoQuote(out, name);
        out->push_back(':');
        AppendCtyGo(out, at);
      }
      out->push_back('}');
      if (opt) {
        out->append(", []string{");
        first = true;
        for (const auto& name : t.optional_attributes()) {
          if (!first) out->append(", ");
          first = false;
          internal::AppendGoQuote(out, name);
        }
        out->push_back('}');
      }
      out->push_back(')');
      return;
    }
    case Kind::kTuple: {
      if (t.tuple_elements().empty()) {
        out->append("cty.EmptyTuple");
        return;
      }
      out->append("cty.Tuple([]cty.Type{");
      bool first = true;
      for (const auto& et : t.tuple_elements()) {
        if (!first) out->append(", ");
        first = false;
        AppendCtyGo(out, et);
      }
      out->append("})");
      return;
    }
  }
}
}  // namespace

std::string Type::FriendlyName() const { return Friendly(*this, false); }
std::string Type::FriendlyNameForConstraint() const { return Friendly(*this, true); }

std::string Type::GoString() const {
  std::string out;
  AppendHCL(&out, *this);
  return out;
}

namespace internal {
std::string CtyTypeGoString(const Type& t) {
  std::string out;
  AppendCtyGo(&out, t);
  return out;
}

bool TypeConforms(const Type& have, const Type& want) {
  if (want.IsDynamic()) return true;
  if (have == want) return true;
  if (have.kind() != want.kind()) return false;
  switch (want.kind()) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      return TypeConforms(have.element(), want.element());
    case Kind::kObject: {
      const auto& ha = have.attributes();
      const auto& wa = want.attributes();
      if (ha.size() != wa.size()) return false;
      auto hi = ha.begin();
      for (auto wi = wa.begin(); wi != wa.end(); ++wi, ++hi) {
        if (hi->first != wi->first || !TypeConforms(hi->second, wi->second)) return false;
      }
      return true;
    }
    case Kind::kTuple: {
      const auto& he = have.tuple_elements();
      const auto& we = want.tuple_elements();
      if (he.size() != we.size()) return false;
      for (size_t i = 0; i < he.size(); ++i) {
        if (!TypeConforms(he[i], we[i])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
}  // namespace internal

// ---- comparison ----

bool Type::operator==(const Type& other) const {
  if (node_ == other.node_) return true;
  const Node& a = *node_;
  const Node& b = *other.node_;
  if (a.hash != b.hash || a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      return a.element == b.element;
    case Kind::kObject:
      return a.attrs == b.attrs && a.optional == b.optional;
    case Kind::kTuple:
      return a.elems == b.elems;
    default:
      return true;
  }
}

bool Type::operator<(const Type& other) const {
  if (node_ == other.node_) return false;
  const Node& a = *node_;
  const Node& b = *other.node_;
  if (a.kind != b.kind) return a.kind < b.kind;
  switch (a.kind) {
    case Kind::kList:
    case Kind::kSet:
    case Kind::kMap:
      return a.element < b.element;
    case Kind::kObject:
      if (a.attrs != b.attrs) return a.attrs < b.attrs;
      return a.optional < b.optional;
    case Kind::kTuple:
      return a.elems < b.elems;
    default:
      return false;
  }
}

}  // namespace cty
