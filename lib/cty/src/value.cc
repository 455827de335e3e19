// cty::Value: immutable shared value nodes with go-cty semantics (nulls and
// unknowns at any depth, refinements, marks, NFC strings, ordered sets).
#include "cty/value.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_map>
#include <utility>
#include <variant>

#include "internal.h"

namespace cty {

using Elems = std::vector<Value>;
using Attrs = std::map<std::string, Value>;

struct Value::Node {
  enum State : uint8_t { kKnown, kNull, kUnknown };
  Type type;
  State state = kKnown;
  Marks marks = 0;
  bool wholly_known = true;  // no unknown at any depth (self included)
  bool deep_marked = false;  // marks at any depth (self included)
  std::variant<std::monostate, bool, cty::Number, std::string, Elems, Attrs> v;
  std::shared_ptr<const Refinements> refinements;  // unknown only; may be null
};

using Node = Value::Node;

// Private access for this file.
struct ValueImpl {
  static Value Make(std::shared_ptr<const Node> n) { return Value(std::move(n)); }
  static const Node& N(const Value& v) { return *v.node_; }
};

namespace {

[[noreturn]] void Violation(const char* what) {
  std::fprintf(stderr, "cty: contract violation: %s\n", what);
  std::abort();
}

const Node& N(const Value& v) { return ValueImpl::N(v); }

Value MakeNode(Node&& n) { return ValueImpl::Make(std::make_shared<const Node>(std::move(n))); }

Value NewNull(const Type& t) {
  Node n;
  n.type = t;
  n.state = Node::kNull;
  return MakeNode(std::move(n));
}

Value NewUnknown(const Type& t, std::shared_ptr<const Refinements> r) {
  Node n;
  n.type = t;
  n.state = Node::kUnknown;
  n.wholly_known = false;
  n.refinements = std::move(r);
  return MakeNode(std::move(n));
}

Value NewBool(bool b) {
  Node n;
  n.type = Type::Bool();
  n.v = b;
  return MakeNode(std::move(n));
}

struct Cache {
  Value null_string = NewNull(Type::String());
  Value null_number = NewNull(Type::Number());
  Value null_bool = NewNull(Type::Bool());
  Value null_dynamic = NewNull(Type::Dynamic());
  Value unknown_string = NewUnknown(Type::String(), nullptr);
  Value unknown_number = NewUnknown(Type::Number(), nullptr);
  Value unknown_bool = NewUnknown(Type::Bool(), nullptr);
  Value dynamic_val = NewUnknown(Type::Dynamic(), nullptr);
  Value t = NewBool(true);
  Value f = NewBool(false);
  Refinements empty_refinements;
};

const Cache& C() {
  static const auto* c = new Cache();
  return *c;
}

// Element type rule of cty ListVal/SetVal/MapVal: the first element type
// that is not Dynamic; the others must equal it or be Dynamic.
template <typename Range, typename Get>
bool DeriveElementType(const Type& declared, const Range& elems, Get get, Type* out) {
  if (!declared.HasDynamic()) {
    *out = declared;
    return true;
  }
  Type et = Type::Dynamic();
  bool found = false;
  for (const auto& e : elems) {
    const Type& t = get(e).type();
    if (t.IsDynamic()) continue;
    if (!found) {
      et = t;
      found = true;
    } else if (!(t == et)) {
      *out = declared;
      return false;
    }
  }
  *out = found ? et : declared;
  return true;
}

// cty stores collection elements untyped, so a null or unknown element of
// type Dynamic in a collection whose element type was derived as T reads back
// as null/unknown T.
Value RetypeDynamicElement(const Value& e, const Type& et) {
  if (!e.type().IsDynamic() || et.IsDynamic()) return e;
  Value r = e.IsNull() ? Value::Null(et) : Value::Unknown(et);
  return e.marks() != 0 ? r.Mark(e.marks()) : r;
}

template <typename Range, typename Get>
void RetypeDynamicElements(const Type& declared, const Type& et, Range* elems, Get get) {
  if (!declared.HasDynamic() || et.IsDynamic()) return;
  for (auto& e : *elems) {
    Value& v = get(e);
    if (v.type().IsDynamic()) v = RetypeDynamicElement(v, et);
  }
}

void Flags(const Value& e, bool* wholly_known, bool* deep_marked) {
  const Node& n = N(e);
  *wholly_known = *wholly_known && n.wholly_known;
  *deep_marked = *deep_marked || n.deep_marked;
}

Marks DeepMarks(const Value& v) {
  const Node& n = N(v);
  if (!n.deep_marked) return 0;
  Marks m = n.marks;
  if (n.state != Node::kKnown) return m;
  if (auto* el = std::get_if<Elems>(&n.v)) {
    for (const auto& e : *el) m |= DeepMarks(e);
  } else if (auto* at = std::get_if<Attrs>(&n.v)) {
    for (const auto& [k, e] : *at) m |= DeepMarks(e);
  }
  return m;
}

constexpr size_t kMaxPrefixBytes = 256;

// Normalises refinements for `t` the way cty's RefinementBuilder stores them
// (inapplicable fields dropped, trivial bounds removed).
Refinements NormalizeRefinements(const Type& t, Refinements r) {
  if (t.IsDynamic()) return Refinements{};
  if (t.kind() != Kind::kString) r.string_prefix.reset();
  if (r.string_prefix) {
    std::string p = internal::NormalizeNFC(*r.string_prefix);
    if (p.size() > kMaxPrefixBytes) {
      // cty's encoder sends at most 256 bytes; a shorter prefix is a weaker
      // but still valid refinement. Cut at a UTF-8 boundary.
      size_t cut = kMaxPrefixBytes;
      while (cut > 0 && (static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80) --cut;
      p.resize(cut);
    }
    if (p.empty()) {
      r.string_prefix.reset();
    } else {
      r.string_prefix = std::move(p);
    }
  }
  if (t.kind() != Kind::kNumber) {
    r.number_lower.reset();
    r.number_upper.reset();
  }
  if (r.number_lower && r.number_lower->IsInfinity() && r.number_lower->IsNegative()) r.number_lower.reset();
  if (r.number_upper && r.number_upper->IsInfinity() && !r.number_upper->IsNegative()) r.number_upper.reset();
  if (!r.number_lower) r.number_lower_inclusive = true;
  if (!r.number_upper) r.number_upper_inclusive = true;
  if (!t.IsCollection()) {
    r.length_lower.reset();
    r.length_upper.reset();
  }
  if (r.length_lower && *r.length_lower <= 0) r.length_lower.reset();
  if (r.length_upper && *r.length_upper == std::numeric_limits<int64_t>::max()) r.length_upper.reset();
  return r;
}

constexpr int64_t kMaxCollapsedListLength = 1024;

}  // namespace

// ---- Refinements ----

bool Refinements::empty() const {
  return !not_null && !string_prefix && !number_lower && !number_upper && !length_lower && !length_upper;
}

bool Refinements::operator==(const Refinements& o) const {
  auto num_eq = [](const std::optional<cty::Number>& a, const std::optional<cty::Number>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || a->CtyEquals(*b);
  };
  return not_null == o.not_null && string_prefix == o.string_prefix && num_eq(number_lower, o.number_lower) &&
         num_eq(number_upper, o.number_upper) && (!number_lower || number_lower_inclusive == o.number_lower_inclusive) &&
         (!number_upper || number_upper_inclusive == o.number_upper_inclusive) && length_lower == o.length_lower &&
         length_upper == o.length_upper;
}

// ---- construction ----

Value::Value() : node_(C().null_dynamic.node_) {}
Value::Value(std::shared_ptr<const Node> node) : node_(std::move(node)) {}

Value Value::Null(const Type& type) {
  switch (type.kind()) {
    case Kind::kString:
      return C().null_string;
    case Kind::kNumber:
      return C().null_number;
    case Kind::kBool:
      return C().null_bool;
    case Kind::kDynamic:
      return C().null_dynamic;
    default:
      return NewNull(type);
  }
}

Value Value::Unknown(const Type& type, Refinements refinements) {
  Refinements r = NormalizeRefinements(type, std::move(refinements));
  if (r.empty()) {
    switch (type.kind()) {
      case Kind::kString:
        return C().unknown_string;
      case Kind::kNumber:
        return C().unknown_number;
      case Kind::kBool:
        return C().unknown_bool;
      case Kind::kDynamic:
        return C().dynamic_val;
      default:
        return NewUnknown(type, nullptr);
    }
  }
  // Collapse to a known value where cty's RefinementBuilder.NewValue does.
  if (r.not_null) {
    if (r.number_lower && r.number_upper && r.number_lower_inclusive && r.number_upper_inclusive &&
        r.number_lower->CtyEquals(*r.number_upper)) {
      return Value::Number(*r.number_lower);
    }
    int64_t lo = r.length_lower.value_or(0);
    if (r.length_upper && *r.length_upper == lo && type.IsCollection()) {
      const Type& et = type.element();
      if (lo == 0) {
        if (type.IsList()) return EmptyList(et);
        if (type.IsSet()) return EmptySet(et);
        return EmptyMap(et);
      }
      if (type.IsList() && lo <= kMaxCollapsedListLength) {
        return List(et, Elems(static_cast<size_t>(lo), Unknown(et)));
      }
      if (type.IsSet() && lo == 1) return Set(et, {Unknown(et)});
    }
  }
  return NewUnknown(type, std::make_shared<const Refinements>(std::move(r)));
}

Value Value::String(std::string_view s) {
  Node n;
  n.type = Type::String();
  n.v = internal::NormalizeNFC(s);
  return MakeNode(std::move(n));
}

Value Value::Number(const cty::Number& num) {
  Node n;
  n.type = Type::Number();
  n.v = num;
  return MakeNode(std::move(n));
}

Value Value::Bool(bool b) { return b ? C().t : C().f; }

Value Value::List(const Type& element_type, std::vector<Value> elements) {
  Node n;
  Type et;
  DeriveElementType(element_type, elements, [](const Value& v) -> const Value& { return v; }, &et);
  RetypeDynamicElements(element_type, et, &elements, [](Value& v) -> Value& { return v; });
  n.type = Type::List(et);
  for (const auto& e : elements) Flags(e, &n.wholly_known, &n.deep_marked);
  n.v = std::move(elements);
  return MakeNode(std::move(n));
}

namespace {

// cty set ordering, see value.h and cty set_internals.go.
bool PrimitiveLess(const Value& a, const Value& b) {
  switch (a.type().kind()) {
    case Kind::kString:
      return a.AsString() < b.AsString();
    case Kind::kBool:
      return !a.AsBool() && b.AsBool();
    case Kind::kNumber:
      return a.AsNumber().Compare(b.AsNumber()) < 0;
    default:
      return false;
  }
}

std::string HashBytes(const Value& v) {
  std::string s;
  internal::AppendSetHashBytes(&s, v);
  return s;
}

// Dedups and orders known, non-null set elements of type `et` in place.
void OrderKnownSetElements(const Type& et, Elems* known) {
  if (known->size() < 2) return;
  switch (et.kind()) {
    case Kind::kString: {
      std::stable_sort(known->begin(), known->end(),
                       [](const Value& a, const Value& b) { return a.AsString() < b.AsString(); });
      auto last = std::unique(known->begin(), known->end(),
                              [](const Value& a, const Value& b) { return a.AsString() == b.AsString(); });
      known->erase(last, known->end());
      return;
    }
    case Kind::kBool: {
      bool has_f = false, has_t = false;
      for (const auto& v : *known) (v.AsBool() ? has_t : has_f) = true;
      known->clear();
      if (has_f) known->push_back(Value::False());
      if (has_t) known->push_back(Value::True());
      return;
    }
    default:
      break;
  }
  // General case: cty dedups elements that share hash bytes and are Equals;
  // numbers are then ordered numerically, everything else by hash bytes.
  std::vector<std::string> hashes;
  hashes.reserve(known->size());
  Elems kept;
  std::vector<std::string> kept_hashes;
  std::unordered_map<std::string, std::vector<size_t>> by_hash;
  for (auto& v : *known) {
    std::string h = HashBytes(v);
    auto& bucket = by_hash[h];
    bool dup = false;
    for (size_t idx : bucket) {
      Value eq = kept[idx].Equals(v);
      if (eq.IsKnown() && !eq.IsNull() && eq.AsBool()) {
        dup = true;
        break;
      }
    }
    if (dup) continue;
    bucket.push_back(kept.size());
    kept.push_back(std::move(v));
    kept_hashes.push_back(std::move(h));
  }
  std::vector<size_t> order(kept.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (et.kind() == Kind::kNumber) {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return PrimitiveLess(kept[a], kept[b]); });
  } else {
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return kept_hashes[a] < kept_hashes[b]; });
  }
  known->clear();
  for (size_t i : order) known->push_back(std::move(kept[i]));
}

}  // namespace

Value Value::Set(const Type& element_type, std::vector<Value> elements) {
  Node n;
  // Marks on elements move to the set itself (cty SetVal).
  for (auto& e : elements) {
    if (N(e).deep_marked) {
      n.marks |= DeepMarks(e);
      e = e.UnmarkDeep();
    }
  }
  Type et;
  DeriveElementType(element_type, elements, [](const Value& v) -> const Value& { return v; }, &et);
  RetypeDynamicElements(element_type, et, &elements, [](Value& v) -> Value& { return v; });
  n.type = Type::Set(et);
  Elems known, unknown;
  bool has_null = false;
  for (auto& e : elements) {
    if (!e.IsKnown()) {
      unknown.push_back(std::move(e));
    } else if (e.IsNull()) {
      has_null = true;
    } else {
      known.push_back(std::move(e));
    }
  }
  OrderKnownSetElements(et, &known);
  Elems all = std::move(known);
  for (auto& u : unknown) all.push_back(std::move(u));
  if (has_null) all.push_back(Null(et));
  for (const auto& e : all) Flags(e, &n.wholly_known, &n.deep_marked);
  n.deep_marked = n.deep_marked || n.marks != 0;
  n.v = std::move(all);
  return MakeNode(std::move(n));
}

namespace {
Attrs NormalizeKeys(Attrs m) {
  bool ascii = true;
  for (const auto& [k, v] : m) {
    if (!internal::IsASCII(k)) {
      ascii = false;
      break;
    }
  }
  if (ascii) return m;
  Attrs out;
  for (auto& [k, v] : m) out.insert_or_assign(internal::NormalizeNFC(k), std::move(v));
  return out;
}
}  // namespace

Value Value::Map(const Type& element_type, std::map<std::string, Value> elements) {
  Node n;
  elements = NormalizeKeys(std::move(elements));
  Type et;
  DeriveElementType(element_type, elements, [](const auto& kv) -> const Value& { return kv.second; }, &et);
  RetypeDynamicElements(element_type, et, &elements, [](auto& kv) -> Value& { return kv.second; });
  n.type = Type::Map(et);
  for (const auto& [k, e] : elements) Flags(e, &n.wholly_known, &n.deep_marked);
  n.v = std::move(elements);
  return MakeNode(std::move(n));
}

Value Value::Object(std::map<std::string, Value> attributes) {
  attributes = NormalizeKeys(std::move(attributes));
  std::map<std::string, Type> types;
  for (const auto& [k, e] : attributes) types.emplace_hint(types.end(), k, e.type());
  return internal::MakeObjectExact(Type::Object(std::move(types)), std::move(attributes));
}

Value Value::ObjectOf(const Type& object_type, std::map<std::string, Value> attributes) {
  if (!object_type.IsObject() || object_type.HasDynamic() || attributes.size() != object_type.attributes().size() ||
      object_type.WithoutOptionalAttributesDeep() != object_type) {
    return Object(std::move(attributes));
  }
  return internal::MakeObjectExact(object_type, NormalizeKeys(std::move(attributes)));
}

Value Value::Tuple(std::vector<Value> elements) {
  Node n;
  std::vector<Type> types;
  types.reserve(elements.size());
  for (const auto& e : elements) {
    types.push_back(e.type());
    Flags(e, &n.wholly_known, &n.deep_marked);
  }
  n.type = Type::Tuple(std::move(types));
  n.v = std::move(elements);
  return MakeNode(std::move(n));
}

namespace internal {

Value MakeObjectExact(const Type& t, std::map<std::string, Value> attrs) {
  Node n;
  n.type = t;
  for (const auto& [k, e] : attrs) Flags(e, &n.wholly_known, &n.deep_marked);
  n.v = std::move(attrs);
  return MakeNode(std::move(n));
}

bool CommonElementType(const Type& declared, const std::vector<Value>& elems, Type* out) {
  return DeriveElementType(declared, elems, [](const Value& v) -> const Value& { return v; }, out);
}

bool CommonElementType(const Type& declared, const std::map<std::string, Value>& elems, Type* out) {
  return DeriveElementType(declared, elems, [](const auto& kv) -> const Value& { return kv.second; }, out);
}

void AppendSetHashBytes(std::string* out, const Value& v) {
  const Node& n = N(v);
  if (n.state == Node::kUnknown) {
    out->push_back('?');
    return;
  }
  if (n.state == Node::kNull) {
    out->push_back('~');
    return;
  }
  switch (n.type.kind()) {
    case Kind::kNumber:
      out->append(std::get<cty::Number>(n.v).Text('g', 10));
      return;
    case Kind::kBool:
      out->push_back(std::get<bool>(n.v) ? 'T' : 'F');
      return;
    case Kind::kString:
      AppendGoQuote(out, std::get<std::string>(n.v));
      return;
    case Kind::kMap:
      out->push_back('{');
      for (const auto& [k, e] : std::get<Attrs>(n.v)) {
        AppendGoQuote(out, k);
        out->push_back(':');
        AppendSetHashBytes(out, e);
        out->push_back(';');
      }
      out->push_back('}');
      return;
    case Kind::kList:
    case Kind::kSet:
      out->push_back('[');
      for (const auto& e : std::get<Elems>(n.v)) {
        AppendSetHashBytes(out, e);
        out->push_back(';');
      }
      out->push_back(']');
      return;
    case Kind::kObject:
      out->push_back('<');
      for (const auto& [k, e] : std::get<Attrs>(n.v)) {
        AppendSetHashBytes(out, e);
        out->push_back(';');
      }
      out->push_back('>');
      return;
    case Kind::kTuple:
      out->push_back('<');
      for (const auto& e : std::get<Elems>(n.v)) {
        AppendSetHashBytes(out, e);
        out->push_back(';');
      }
      out->push_back('>');
      return;
    case Kind::kDynamic:
      return;
  }
}

}  // namespace internal

// ---- inspection ----

const Type& Value::type() const { return node_->type; }
bool Value::IsNull() const { return node_->state == Node::kNull; }
bool Value::IsKnown() const { return node_->state != Node::kUnknown; }
bool Value::IsWhollyKnown() const { return node_->wholly_known; }

const Refinements& Value::refinements() const {
  if (node_->refinements) return *node_->refinements;
  return C().empty_refinements;
}

Marks Value::marks() const { return node_->marks; }
bool Value::ContainsMarked() const { return node_->deep_marked; }

Value Value::Mark(Marks m) const {
  if ((node_->marks | m) == node_->marks) return *this;
  Node n = *node_;
  n.marks |= m;
  n.deep_marked = true;
  return MakeNode(std::move(n));
}

Value Value::Unmark() const {
  if (node_->marks == 0) return *this;
  Node n = *node_;
  n.marks = 0;
  n.deep_marked = false;
  if (n.state == Node::kKnown) {
    if (auto* el = std::get_if<Elems>(&n.v)) {
      for (const auto& e : *el) n.deep_marked = n.deep_marked || N(e).deep_marked;
    } else if (auto* at = std::get_if<Attrs>(&n.v)) {
      for (const auto& [k, e] : *at) n.deep_marked = n.deep_marked || N(e).deep_marked;
    }
  }
  return MakeNode(std::move(n));
}

namespace {

Value UnmarkDeepImpl(const Value& v, Path* path, std::vector<std::pair<Path, Marks>>* out) {
  const Node& n = N(v);
  if (!n.deep_marked) return v;
  Node copy = n;
  copy.marks = 0;
  copy.deep_marked = false;
  if (copy.state == Node::kKnown) {
    const Type& t = n.type;
    if (auto* el = std::get_if<Elems>(&copy.v)) {
      for (size_t i = 0; i < el->size(); ++i) {
        if (!N((*el)[i]).deep_marked) continue;
        if (path != nullptr) {
          path->steps().push_back(t.IsSet() ? PathStep::Index((*el)[i]) : PathStep::Index(static_cast<int64_t>(i)));
        }
        (*el)[i] = UnmarkDeepImpl((*el)[i], path, out);
        if (path != nullptr) path->steps().pop_back();
      }
    } else if (auto* at = std::get_if<Attrs>(&copy.v)) {
      for (auto& [k, e] : *at) {
        if (!N(e).deep_marked) continue;
        if (path != nullptr) path->steps().push_back(t.IsObject() ? PathStep::GetAttr(k) : PathStep::Index(k));
        e = UnmarkDeepImpl(e, path, out);
        if (path != nullptr) path->steps().pop_back();
      }
    }
  }
  if (n.marks != 0 && out != nullptr) out->emplace_back(*path, n.marks);
  return MakeNode(std::move(copy));
}

}  // namespace

Value Value::UnmarkDeep(std::vector<std::pair<Path, Marks>>* paths) const {
  if (!node_->deep_marked) return *this;
  Path p;
  return UnmarkDeepImpl(*this, paths != nullptr ? &p : nullptr, paths);
}

namespace {

struct PendingMark {
  const std::vector<PathStep>* steps;
  size_t depth;
  Marks marks;
};

Value MarkWithPathsImpl(const Value& v, const std::vector<PendingMark>& pending) {
  Marks here = 0;
  std::vector<PendingMark> deeper;
  for (const auto& p : pending) {
    if (p.depth == p.steps->size()) {
      here |= p.marks;
    } else {
      deeper.push_back(p);
    }
  }
  Value result = v;
  const Node& n = N(v);
  if (!deeper.empty() && n.state == Node::kKnown) {
    const Type& t = n.type;
    if (auto* el = std::get_if<Elems>(&n.v)) {
      Elems elems = *el;
      bool changed = false;
      for (size_t i = 0; i < elems.size(); ++i) {
        std::vector<PendingMark> sub;
        for (const auto& p : deeper) {
          const PathStep& s = (*p.steps)[p.depth];
          if (s.kind() != PathStep::Kind::kIndex) continue;
          bool match;
          if (t.IsSet()) {
            match = s.key().UnmarkDeep().RawEquals(elems[i]);
          } else {
            auto idx = s.key().IsKnown() && !s.key().IsNull() && s.key().type().kind() == Kind::kNumber
                           ? s.key().AsNumber().ToInt64()
                           : std::nullopt;
            match = idx && *idx == static_cast<int64_t>(i);
          }
          if (match) sub.push_back(PendingMark{p.steps, p.depth + 1, p.marks});
        }
        if (!sub.empty()) {
          elems[i] = MarkWithPathsImpl(elems[i], sub);
          changed = true;
        }
      }
      if (changed) {
        if (t.IsList()) {
          result = Value::List(t.element(), std::move(elems));
        } else if (t.IsSet()) {
          result = Value::Set(t.element(), std::move(elems));
        } else {
          result = Value::Tuple(std::move(elems));
        }
        if (n.marks != 0) result = result.Mark(n.marks);
      }
    } else if (auto* at = std::get_if<Attrs>(&n.v)) {
      Attrs attrs = *at;
      bool changed = false;
      for (auto& [k, e] : attrs) {
        std::vector<PendingMark> sub;
        for (const auto& p : deeper) {
          const PathStep& s = (*p.steps)[p.depth];
          bool match;
          if (t.IsObject()) {
            match = s.kind() == PathStep::Kind::kGetAttr && s.name() == k;
          } else {
            match = s.kind() == PathStep::Kind::kIndex && s.key().IsKnown() && !s.key().IsNull() &&
                    s.key().type().kind() == Kind::kString && s.key().AsString() == k;
          }
          if (match) sub.push_back(PendingMark{p.steps, p.depth + 1, p.marks});
        }
        if (!sub.empty()) {
          e = MarkWithPathsImpl(e, sub);
          changed = true;
        }
      }
      if (changed) {
        if (t.IsObject()) {
          result = internal::MakeObjectExact(t, std::move(attrs));
        } else {
          result = Value::Map(t.element(), std::move(attrs));
        }
        if (n.marks != 0) result = result.Mark(n.marks);
      }
    }
  }
  if (here != 0) result = result.Mark(here);
  return result;
}

}  // namespace

Value Value::MarkWithPaths(const std::vector<std::pair<Path, Marks>>& paths) const {
  if (paths.empty()) return *this;
  std::vector<PendingMark> pending;
  pending.reserve(paths.size());
  for (const auto& [p, m] : paths) pending.push_back(PendingMark{&p.steps(), 0, m});
  return MarkWithPathsImpl(*this, pending);
}

// ---- accessors ----

const std::string& Value::AsString() const {
  auto* s = node_->state == Node::kKnown ? std::get_if<std::string>(&node_->v) : nullptr;
  if (s == nullptr) Violation("Value::AsString on a value that is not a known string");
  return *s;
}

const cty::Number& Value::AsNumber() const {
  auto* n = node_->state == Node::kKnown ? std::get_if<cty::Number>(&node_->v) : nullptr;
  if (n == nullptr) Violation("Value::AsNumber on a value that is not a known number");
  return *n;
}

bool Value::AsBool() const {
  auto* b = node_->state == Node::kKnown ? std::get_if<bool>(&node_->v) : nullptr;
  if (b == nullptr) Violation("Value::AsBool on a value that is not a known bool");
  return *b;
}

const std::vector<Value>& Value::Elements() const {
  auto* e = node_->state == Node::kKnown ? std::get_if<Elems>(&node_->v) : nullptr;
  if (e == nullptr) Violation("Value::Elements on a value that is not a known list, set or tuple");
  return *e;
}

const std::map<std::string, Value>& Value::Attributes() const {
  auto* a = node_->state == Node::kKnown ? std::get_if<Attrs>(&node_->v) : nullptr;
  if (a == nullptr) Violation("Value::Attributes on a value that is not a known map or object");
  return *a;
}

size_t Value::LengthInt() const {
  const Type& t = node_->type;
  if (t.IsTuple()) return t.tuple_elements().size();
  if (t.IsObject()) return t.attributes().size();
  if (node_->state != Node::kKnown) Violation("Value::LengthInt on a null or unknown value");
  if (auto* e = std::get_if<Elems>(&node_->v)) return e->size();
  if (auto* a = std::get_if<Attrs>(&node_->v)) return a->size();
  Violation("Value::LengthInt on a value that is not a collection");
}

Value Value::GetAttr(std::string_view name) const {
  Marks m = node_->marks;
  const Type& t = node_->type;
  if (t.IsDynamic()) return DynamicVal().Mark(m);
  if (!t.IsObject()) Violation("Value::GetAttr on a value that is not an object");
  std::string key = internal::NormalizeNFC(name);
  const auto& ats = t.attributes();
  auto ti = ats.find(key);
  if (ti == ats.end()) Violation("Value::GetAttr: value has no attribute of that name");
  const Type& at = ti->second;
  if (node_->state == Node::kUnknown) return Unknown(at).Mark(m);
  if (node_->state == Node::kNull) return Null(at).Mark(m);
  const auto& attrs = std::get<Attrs>(node_->v);
  auto vi = attrs.find(key);
  if (vi == attrs.end()) Violation("Value::GetAttr: object value is missing an attribute of its type");
  return m != 0 ? vi->second.Mark(m) : vi->second;
}

namespace {
Result<Value> IndexFail(const char* msg) { return Result<Value>::Fail(msg); }

// Index for a list/tuple from a known number key; nullopt if invalid.
std::optional<size_t> SequenceIndex(const Value& key) {
  auto i = key.AsNumber().ToInt64();
  if (!i || *i < 0) return std::nullopt;
  return static_cast<size_t>(*i);
}
}  // namespace

Result<Value> Value::Index(const Value& key_in) const {
  Marks m = node_->marks | key_in.marks();
  Value key = key_in.Unmark();
  const Type& t = node_->type;
  if (t.IsDynamic()) return DynamicVal().Mark(m);
  if (t.IsList() || t.IsMap()) {
    const Type& et = t.element();
    bool is_list = t.IsList();
    if (key.type().IsDynamic()) return Unknown(et).Mark(m);
    if (key.type().kind() != (is_list ? Kind::kNumber : Kind::kString)) {
      return IndexFail(is_list ? "element key for list must be number" : "element key for map must be string");
    }
    if (!key.IsKnown() || !IsKnown()) return Unknown(et).Mark(m);
    if (IsNull()) return IndexFail("cannot index a null value");
    if (key.IsNull()) return IndexFail("cannot index with a null key");
    if (is_list) {
      auto i = SequenceIndex(key);
      if (!i) return IndexFail("element key for list must be non-negative integer");
      const auto& el = std::get<Elems>(node_->v);
      if (*i >= el.size()) return IndexFail("value does not have given index key");
      return el[*i].Mark(m);
    }
    const auto& at = std::get<Attrs>(node_->v);
    auto it = at.find(key.AsString());
    if (it == at.end()) return IndexFail("value does not have given index key");
    return it->second.Mark(m);
  }
  if (t.IsTuple()) {
    if (key.type().IsDynamic()) return DynamicVal().Mark(m);
    if (key.type().kind() != Kind::kNumber) return IndexFail("element key for tuple must be number");
    if (!key.IsKnown()) return DynamicVal().Mark(m);
    if (key.IsNull()) return IndexFail("cannot index with a null key");
    auto i = SequenceIndex(key);
    if (!i) return IndexFail("element key for list must be non-negative integer");
    const auto& ets = t.tuple_elements();
    if (*i >= ets.size()) return IndexFail("value does not have given index key");
    if (!IsKnown()) return Unknown(ets[*i]).Mark(m);
    if (IsNull()) return IndexFail("cannot index a null value");
    return std::get<Elems>(node_->v)[*i].Mark(m);
  }
  if (t.IsSet()) {
    const Type& et = t.element();
    if (!IsKnown() || !key.IsKnown()) return Unknown(et).Mark(m);
    if (IsNull()) return IndexFail("cannot index a null value");
    Value k = key.UnmarkDeep();
    for (const auto& e : std::get<Elems>(node_->v)) {
      if (e.RawEquals(k)) return e.Mark(m);
    }
    return IndexFail("value does not have given index key");
  }
  return IndexFail("not a list, map, or tuple type");
}

Result<Value> Value::Apply(const Path& path) const {
  Value v = *this;
  for (size_t i = 0; i < path.size(); ++i) {
    const PathStep& s = path.steps()[i];
    auto fail = [&](const std::string& msg) {
      return Result<Value>::Fail("at step " + std::to_string(i) + ": " + msg);
    };
    if (s.kind() == PathStep::Kind::kGetAttr) {
      if (v.IsNull()) return fail("cannot access attributes on a null value");
      if (!v.type().IsObject()) return fail("not an object type");
      if (!v.type().HasAttribute(internal::NormalizeNFC(s.name()))) {
        return fail("object has no attribute " + internal::GoQuote(s.name()));
      }
      v = v.GetAttr(s.name());
      continue;
    }
    if (v.IsNull()) return fail("cannot index a null value");
    const Value& k = s.key();
    Kind kk = k.type().kind();
    if (kk == Kind::kNumber && !(v.type().IsList() || v.type().IsTuple())) return fail("not a list type");
    if (kk == Kind::kString && !v.type().IsMap()) return fail("not a map type");
    if (kk != Kind::kNumber && kk != Kind::kString && !v.type().IsSet()) {
      return fail("key value not number or string");
    }
    auto r = v.Index(k);
    if (!r.ok()) return fail(r.error().message);
    v = std::move(r).value();
  }
  return v;
}

// ---- equality ----

namespace {

Value UnknownBool() {
  Refinements r;
  r.not_null = true;
  return NewUnknown(Type::Bool(), std::make_shared<const Refinements>(r));
}

bool DefinitelyNotNull(const Value& v) {
  if (v.IsKnown()) return !v.IsNull();
  return v.refinements().not_null;
}

// Tristate: 1 yes, 0 no, -1 unknown.
int RangeIncludes(const Value& unknown, const Value& v) {
  const Refinements& r = unknown.refinements();
  if (v.IsNull()) return r.not_null ? 0 : 1;
  if (!internal::TypeConforms(v.type(), unknown.type())) return 0;
  if (v.type().IsDynamic()) return -1;
  const Type& t = unknown.type();
  if (t.kind() == Kind::kString && r.string_prefix && v.IsKnown()) {
    const std::string& s = v.AsString();
    if (s.compare(0, r.string_prefix->size(), *r.string_prefix) != 0) return 0;
  } else if (t.IsCollection() && (r.length_lower || r.length_upper) && v.IsKnown()) {
    size_t len = v.LengthInt();
    bool len_known = !t.IsSet() || len <= 1 || v.IsWhollyKnown();
    if (len_known) {
      if (r.length_lower && static_cast<int64_t>(len) < *r.length_lower) return 0;
      if (r.length_upper && static_cast<int64_t>(len) > *r.length_upper) return 0;
    }
  } else if (t.kind() == Kind::kNumber && v.IsKnown()) {
    const cty::Number& n = v.AsNumber();
    if (r.number_lower) {
      int c = n.Compare(*r.number_lower);
      if (r.number_lower_inclusive ? c < 0 : c <= 0) return 0;
    }
    if (r.number_upper) {
      int c = n.Compare(*r.number_upper);
      if (r.number_upper_inclusive ? c > 0 : c >= 0) return 0;
    }
  }
  return -1;
}

bool HasWhollyKnownType(const Value& v) {
  if (v.IsNull()) return true;
  if (!v.IsKnown()) return !v.type().HasDynamic();
  if (!v.type().HasDynamic()) return true;
  const Node& n = N(v);
  if (auto* el = std::get_if<Elems>(&n.v)) {
    for (const auto& e : *el) {
      if (!HasWhollyKnownType(e)) return false;
    }
  } else if (auto* at = std::get_if<Attrs>(&n.v)) {
    for (const auto& [k, e] : *at) {
      if (!HasWhollyKnownType(e)) return false;
    }
  }
  return true;
}

// 1 true, 0 false, -1 unknown (for unmarked values).
int EqualsImpl(const Value& a, const Value& b);

int SetHas(const Elems& set, const Value& v) {
  std::string hv = HashBytes(v);
  for (const auto& e : set) {
    if (!e.IsKnown()) continue;
    if (HashBytes(e) != hv) continue;
    if (EqualsImpl(e, v) == 1) return 1;
  }
  return 0;
}

int EqualsImpl(const Value& a, const Value& b) {
  if (a.IsNull() && DefinitelyNotNull(b)) return 0;
  if (b.IsNull() && DefinitelyNotNull(a)) return 0;
  if (a.IsKnown() && !b.IsKnown()) {
    if (RangeIncludes(b, a) == 0) return 0;
  } else if (b.IsKnown() && !a.IsKnown()) {
    if (RangeIncludes(a, b) == 0) return 0;
  }
  if (!a.IsKnown() && !b.IsKnown()) return -1;
  if (a.IsKnown() && !b.IsKnown()) {
    if (a.IsNull() || b.type().HasDynamic()) return -1;
    if (!(a.type() == b.type())) return 0;
    return -1;
  }
  if (b.IsKnown() && !a.IsKnown()) {
    if (b.IsNull() || a.type().HasDynamic()) return -1;
    if (!(b.type() == a.type())) return 0;
    return -1;
  }
  if (a.IsNull() && b.IsNull()) return 1;
  if (a.IsNull() || b.IsNull()) return 0;
  if (!HasWhollyKnownType(a) || !HasWhollyKnownType(b)) {
    if (!internal::TypeConforms(a.type(), b.type()) && !internal::TypeConforms(b.type(), a.type())) return 0;
    return -1;
  }
  if (!(a.type() == b.type())) return 0;
  const Type& t = a.type();
  switch (t.kind()) {
    case Kind::kNumber:
      return a.AsNumber().CtyEquals(b.AsNumber()) ? 1 : 0;
    case Kind::kBool:
      return a.AsBool() == b.AsBool() ? 1 : 0;
    case Kind::kString:
      return a.AsString() == b.AsString() ? 1 : 0;
    case Kind::kObject:
    case Kind::kMap: {
      const Attrs& x = a.Attributes();
      const Attrs& y = b.Attributes();
      if (x.size() != y.size()) return 0;
      for (const auto& [k, xv] : x) {
        auto it = y.find(k);
        if (it == y.end()) return 0;
        int eq = EqualsImpl(xv, it->second);
        if (eq < 0) return -1;
        if (eq == 0) return 0;
      }
      return 1;
    }
    case Kind::kList:
    case Kind::kTuple: {
      const Elems& x = a.Elements();
      const Elems& y = b.Elements();
      if (x.size() != y.size()) return 0;
      for (size_t i = 0; i < x.size(); ++i) {
        int eq = EqualsImpl(x[i], y[i]);
        if (eq < 0) return -1;
        if (eq == 0) return 0;
      }
      return 1;
    }
    case Kind::kSet: {
      const Elems& x = a.Elements();
      const Elems& y = b.Elements();
      bool equal = true;
      for (const auto& e : x) {
        if (!e.IsKnown()) return -1;
        if (equal && !SetHas(y, e)) equal = false;
      }
      for (const auto& e : y) {
        if (!e.IsKnown()) return -1;
        if (equal && !SetHas(x, e)) equal = false;
      }
      return equal ? 1 : 0;
    }
    case Kind::kDynamic:
      return -1;
  }
  return 0;
}

bool RawEqualsImpl(const Value& a, const Value& b) {
  if (N(a).marks != N(b).marks) return false;
  if (!(a.type() == b.type())) return false;
  if (!a.IsKnown() || !b.IsKnown()) {
    if (a.IsKnown() != b.IsKnown()) return false;
    return a.refinements() == b.refinements();
  }
  if (a.IsNull() || b.IsNull()) return a.IsNull() == b.IsNull();
  switch (a.type().kind()) {
    case Kind::kNumber:
      return a.AsNumber().CtyEquals(b.AsNumber());
    case Kind::kBool:
      return a.AsBool() == b.AsBool();
    case Kind::kString:
      return a.AsString() == b.AsString();
    case Kind::kObject:
    case Kind::kMap: {
      const Attrs& x = a.Attributes();
      const Attrs& y = b.Attributes();
      if (x.size() != y.size()) return false;
      auto yi = y.begin();
      for (auto xi = x.begin(); xi != x.end(); ++xi, ++yi) {
        if (xi->first != yi->first || !RawEqualsImpl(xi->second, yi->second)) return false;
      }
      return true;
    }
    case Kind::kList:
    case Kind::kSet:
    case Kind::kTuple: {
      const Elems& x = a.Elements();
      const Elems& y = b.Elements();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!RawEqualsImpl(x[i], y[i])) return false;
      }
      return true;
    }
    case Kind::kDynamic:
      return true;
  }
  return false;
}

}  // namespace

Value Value::Equals(const Value& other) const {
  if (ContainsMarked() || other.ContainsMarked()) {
    Marks m = DeepMarks(*this) | DeepMarks(other);
    return UnmarkDeep().Equals(other.UnmarkDeep()).Mark(m);
  }
  int eq = EqualsImpl(*this, other);
  if (eq < 0) return UnknownBool();
  return Bool(eq == 1);
}

bool Value::RawEquals(const Value& other) const {
  if (node_ == other.node_) return true;
  return RawEqualsImpl(*this, other);
}

bool SetElementLess(const Value& a, const Value& b) {
  if (a.RawEquals(b)) return false;
  if (b.IsNull() && !a.IsNull()) return true;
  if (a.IsNull()) return false;
  if (a.IsKnown() && !b.IsKnown()) return true;
  if (!a.IsKnown()) return false;
  if (a.type().IsPrimitive()) return PrimitiveLess(a, b);
  return HashBytes(a.UnmarkDeep()) < HashBytes(b.UnmarkDeep());
}

// ---- rendering ----

namespace {

void AppendGo(std::string* out, const Value& v);

void AppendNumberGo(std::string* out, const cty::Number& n) {
  if (n.IsInfinity()) {
    out->append(n.IsNegative() ? "cty.NegativeInfinity" : "cty.PositiveInfinity");
  } else if (n.IsInteger()) {
    out->append("cty.NumberIntVal(").append(n.ToString()).append(")");
  } else if (n.IsExactDouble()) {
    out->append("cty.NumberFloatVal(").append(cty::Number::FromDouble(n.ToDouble()).Text('g', -1)).append(")");
  } else {
    out->append("cty.MustParseNumberVal(");
    internal::AppendGoQuote(out, n.ToString());
    out->append(")");
  }
}

void AppendRefinementsGo(std::string* out, const Refinements& r) {
  if (r.not_null) out->append(".NotNull()");
  if (r.string_prefix) {
    out->append(".StringPrefixFull(");
    internal::AppendGoQuote(out, *r.string_prefix);
    out->append(")");
  }
  if (r.number_lower) {
    out->append(".NumberLowerBound(");
    AppendNumberGo(out, *r.number_lower);
    out->append(r.number_lower_inclusive ? ", true)" : ", false)");
  }
  if (r.number_upper) {
    out->append(".NumberUpperBound(");
    AppendNumberGo(out, *r.number_upper);
    out->append(r.number_upper_inclusive ? ", true)" : ", false)");
  }
  if (r.length_lower) out->append(".CollectionLengthLowerBound(" + std::to_string(*r.length_lower) + ")");
  if (r.length_upper) out->append(".CollectionLengthUpperBound(" + std::to_string(*r.length_upper) + ")");
}

void AppendElemsGo(std::string* out, const Elems& el) {
  out->append("[]cty.Value{");
  for (size_t i = 0; i < el.size(); ++i) {
    if (i > 0) out->append(", ");
    AppendGo(out, el[i]);
  }
  out->append("}");
}

void AppendAttrsGo(std::string* out, const Attrs& at) {
  out->append("map[string]cty.Value{");
  bool first = true;
  for (const auto& [k, e] : at) {
    if (!first) out->append(", ");
    first = false;
    internal::AppendGoQuote(out, k);
    out->push_back(':');
    AppendGo(out, e);
  }
  out->append("}");
}

void AppendGo(std::string* out, const Value& v) {
  if (v.IsMarked()) {
    AppendGo(out, v.Unmark());
    out->append(".Mark(\"sensitive\")");
    return;
  }
  const Type& t = v.type();
  if (v.IsNull()) {
    out->append("cty.NullVal(").append(internal::CtyTypeGoString(t)).append(")");
    return;
  }
  if (!v.IsKnown()) {
    if (t.IsDynamic()) {
      out->append("cty.DynamicVal");
      return;
    }
    out->append("cty.UnknownVal(").append(internal::CtyTypeGoString(t)).append(")");
    const Refinements& r = v.refinements();
    if (r.empty()) return;
    Refinements only_nn;
    only_nn.not_null = true;
    if (r == only_nn) {
      out->append(".RefineNotNull()");
      return;
    }
    out->append(".Refine()");
    AppendRefinementsGo(out, r);
    out->append(".NewValue()");
    return;
  }
  switch (t.kind()) {
    case Kind::kBool:
      out->append(v.AsBool() ? "cty.True" : "cty.False");
      return;
    case Kind::kNumber:
      AppendNumberGo(out, v.AsNumber());
      return;
    case Kind::kString:
      out->append("cty.StringVal(");
      internal::AppendGoQuote(out, v.AsString());
      out->append(")");
      return;
    case Kind::kList:
    case Kind::kSet: {
      const Elems& el = v.Elements();
      if (el.empty()) {
        out->append(t.IsList() ? "cty.ListValEmpty(" : "cty.SetValEmpty(")
            .append(internal::CtyTypeGoString(t.element()))
            .append(")");
        return;
      }
      out->append(t.IsList() ? "cty.ListVal(" : "cty.SetVal(");
      AppendElemsGo(out, el);
      out->append(")");
      return;
    }
    case Kind::kTuple:
      if (v.Elements().empty()) {
        out->append("cty.EmptyTupleVal");
        return;
      }
      out->append("cty.TupleVal(");
      AppendElemsGo(out, v.Elements());
      out->append(")");
      return;
    case Kind::kMap:
      if (v.Attributes().empty()) {
        out->append("cty.MapValEmpty(").append(internal::CtyTypeGoString(t.element())).append(")");
        return;
      }
      out->append("cty.MapVal(");
      AppendAttrsGo(out, v.Attributes());
      out->append(")");
      return;
    case Kind::kObject:
      if (v.Attributes().empty()) {
        out->append("cty.EmptyObjectVal");
        return;
      }
      out->append("cty.ObjectVal(");
      AppendAttrsGo(out, v.Attributes());
      out->append(")");
      return;
    case Kind::kDynamic:
      out->append("cty.DynamicVal");
      return;
  }
}

}  // namespace

std::string Value::GoString() const {
  std::string out;
  AppendGo(&out, *this);
  return out;
}

Value Value::UnknownAsNull() const {
  if (node_->wholly_known) return *this;
  Marks m = node_->marks;
  Value v = Unmark();
  const Type& t = v.type();
  if (!v.IsKnown()) return Null(t).Mark(m);
  Value result;
  const Node& n = N(v);
  if (auto* el = std::get_if<Elems>(&n.v)) {
    Elems out;
    out.reserve(el->size());
    for (const auto& e : *el) out.push_back(e.UnknownAsNull());
    if (t.IsList()) {
      result = List(t.element(), std::move(out));
    } else if (t.IsSet()) {
      result = Set(t.element(), std::move(out));
    } else {
      result = Tuple(std::move(out));
    }
  } else if (auto* at = std::get_if<Attrs>(&n.v)) {
    Attrs out;
    for (const auto& [k, e] : *at) out.emplace_hint(out.end(), k, e.UnknownAsNull());
    if (t.IsMap()) {
      result = Map(t.element(), std::move(out));
    } else {
      result = Object(std::move(out));
    }
  } else {
    result = v;
  }
  return result.Mark(m);
}

namespace {
bool WalkImpl(Path* path, const Value& v, const std::function<bool(const Path&, const Value&)>& fn) {
  if (!fn(*path, v)) return true;
  if (v.IsNull() || !v.IsKnown()) return true;
  const Node& n = N(v);
  const Type& t = n.type;
  if (auto* el = std::get_if<Elems>(&n.v)) {
    for (size_t i = 0; i < el->size(); ++i) {
      path->steps().push_back(t.IsSet() ? PathStep::Index((*el)[i]) : PathStep::Index(static_cast<int64_t>(i)));
      WalkImpl(path, (*el)[i], fn);
      path->steps().pop_back();
    }
  } else if (auto* at = std::get_if<Attrs>(&n.v)) {
    for (const auto& [k, e] : *at) {
      path->steps().push_back(t.IsObject() ? PathStep::GetAttr(k) : PathStep::Index(k));
      WalkImpl(path, e, fn);
      path->steps().pop_back();
    }
  }
  return true;
}
}  // namespace

void Walk(const Value& v, const std::function<bool(const Path&, const Value&)>& fn) {
  Path p;
  WalkImpl(&p, v, fn);
}

}  // namespace cty
