// Type conversion and unification with go-cty `convert` semantics. The
// structure mirrors go-cty: a conversion is first looked up for a pair of
// types (nullptr when impossible) and then applied to a value.
#include "cty/convert.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

#include "internal.h"

namespace cty {

namespace {

using Conv = std::function<Result<Value>(const Value&, const Path&)>;

Conv GetConversion(const Type& in, const Type& out, bool unsafe);
std::optional<Type> UnifyImpl(const std::vector<Type>& types, bool unsafe, bool* needed);
std::string MismatchMessage(const Type& got, const Type& want);

Result<Value> PathFail(const Path& path, std::string msg) { return Error{std::move(msg), path}; }

bool HasConversion(const Type& in, const Type& out, bool unsafe) { return GetConversion(in, out, unsafe) != nullptr; }

// cty CanListVal / CanSetVal / CanMapVal: element types consistent (Dynamic
// elements are ignored).
bool CanCollect(const std::vector<Value>& elems) {
  Type common;
  return internal::CommonElementType(Type::Dynamic(), elems, &common);
}
bool CanCollect(const std::map<std::string, Value>& elems) {
  Type common;
  return internal::CommonElementType(Type::Dynamic(), elems, &common);
}

Value NullWithoutOptional(const Value& v) {
  if (!v.IsNull()) return v;
  return Value::Null(v.type().WithoutOptionalAttributesDeep()).Mark(v.marks());
}

// ---- dynamicReplace / unknown results ----

Type DynamicReplace(const std::optional<Type>& in_opt, const Type& out) {
  if (!in_opt || in_opt->IsDynamic()) return out;
  const Type& in = *in_opt;
  if (out.IsDynamic()) return in;
  if (out.IsPrimitive()) return out;
  switch (out.kind()) {
    case Kind::kMap:
      if (in.IsMap()) return Type::Map(DynamicReplace(in.element(), out.element()));
      if (in.IsObject()) {
        std::vector<Type> types;
        for (const auto& [k, t] : in.attributes()) types.push_back(t);
        bool needed;
        return Type::Map(DynamicReplace(UnifyImpl(types, true, &needed), out.element()));
      }
      return out;
    case Kind::kObject: {
      std::map<std::string, Type> out_types;
      if (in.IsMap()) {
        for (const auto& [name, at] : out.attributes()) out_types[name] = DynamicReplace(in.element(), at);
      }
      if (in.IsObject()) {
        for (const auto& [name, at] : out.attributes()) {
          if (!in.HasAttribute(name)) {
            out_types[name] = at;
            continue;
          }
          out_types[name] = DynamicReplace(in.attribute(name), at);
        }
      }
      return Type::Object(std::move(out_types));
    }
    case Kind::kSet:
    case Kind::kList: {
      bool is_set = out.IsSet();
      if (in.IsSet() || in.IsList()) {
        Type e = DynamicReplace(in.element(), out.element());
        return is_set ? Type::Set(e) : Type::List(e);
      }
      if (in.IsTuple()) {
        bool needed;
        Type e = DynamicReplace(UnifyImpl(in.tuple_elements(), true, &needed), out.element());
        return is_set ? Type::Set(e) : Type::List(e);
      }
      return out;
    }
    case Kind::kTuple: {
      std::vector<Type> types;
      const auto& oe = out.tuple_elements();
      const auto& ie = in.tuple_elements();
      for (size_t i = 0; i < oe.size(); ++i) {
        types.push_back(DynamicReplace(i < ie.size() ? std::optional<Type>(ie[i]) : std::nullopt, oe[i]));
      }
      return Type::Tuple(std::move(types));
    }
    default:
      return out;
  }
}

// Length bounds a value's range implies (cty ValueRange.LengthLower/Upper).
void LengthRange(const Value& v, int64_t* lo, int64_t* hi) {
  *lo = 0;
  *hi = std::numeric_limits<int64_t>::max();
  if (!v.type().IsCollection()) return;
  if (!v.IsKnown()) {
    const Refinements& r = v.refinements();
    if (r.length_lower) *lo = *r.length_lower;
    if (r.length_upper) *hi = *r.length_upper;
    return;
  }
  if (v.IsNull()) return;
  int64_t n = static_cast<int64_t>(v.LengthInt());
  if (v.type().IsSet() && n > 1 && !v.IsWhollyKnown()) return;  // length unknown
  *lo = *hi = n;
}

Value PrepareUnknownResult(const Value& in, const Type& target) {
  const Type& source = in.type();
  Refinements r;
  r.not_null = !in.IsKnown() && in.refinements().not_null;
  if (source.IsObject() && target.IsMap()) {
    r.length_lower = r.length_upper = static_cast<int64_t>(source.attributes().size());
  } else if (source.IsTuple() && target.IsList()) {
    r.length_lower = r.length_upper = static_cast<int64_t>(source.tuple_elements().size());
  } else if (source.IsTuple() && target.IsSet()) {
    int64_t l = static_cast<int64_t>(source.tuple_elements().size());
    if (l <= 1) {
      r.length_lower = r.length_upper = l;
    } else {
      r.length_lower = 1;
      r.length_upper = l;
    }
  } else if (source.IsCollection() && target.IsCollection()) {
    int64_t lo, hi;
    LengthRange(in, &lo, &hi);
    if (target.IsSet()) {
      if (lo > 0) r.length_lower = 1;
    } else {
      r.length_lower = lo;
    }
    r.length_upper = hi;
  }
  return Value::Unknown(target, std::move(r));
}

// ---- primitive conversions ----

Conv PrimitiveConversion(const Type& in, const Type& out, bool unsafe) {
  if (in.kind() == Kind::kNumber && out.kind() == Kind::kString) {
    return [](const Value& v, const Path&) -> Result<Value> { return Value::String(v.AsNumber().ToString()); };
  }
  if (in.kind() == Kind::kBool && out.kind() == Kind::kString) {
    return [](const Value& v, const Path&) -> Result<Value> { return Value::String(v.AsBool() ? "true" : "false"); };
  }
  if (!unsafe) return nullptr;
  if (in.kind() == Kind::kString && out.kind() == Kind::kNumber) {
    return [](const Value& v, const Path& path) -> Result<Value> {
      auto n = Number::Parse(v.AsString());
      if (!n.ok()) return PathFail(path, "a number is required");
      return Value::Number(*n);
    };
  }
  if (in.kind() == Kind::kString && out.kind() == Kind::kBool) {
    return [](const Value& v, const Path& path) -> Result<Value> {
      const std::string& s = v.AsString();
      if (s == "true" || s == "1") return Value::True();
      if (s == "false" || s == "0") return Value::False();
      std::string lower = s;
      for (auto& ch : lower) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      }
      if (lower == "true") {
        return PathFail(path, "a bool is required; to convert from string, use lowercase \"true\"");
      }
      if (lower == "false") {
        return PathFail(path, "a bool is required; to convert from string, use lowercase \"false\"");
      }
      return PathFail(path, "a bool is required");
    };
  }
  return nullptr;
}

// ---- collections ----

Conv CollectionToList(const Type& ety, Conv conv) {
  return [ety, conv](const Value& val, const Path& path) -> Result<Value> {
    int64_t lo, hi;
    LengthRange(val, &lo, &hi);
    if (lo != hi) {
      Type et = ety.IsDynamic() ? val.type().element() : ety.WithoutOptionalAttributesDeep();
      return Value::Unknown(Type::List(et));
    }
    std::vector<Value> elems;
    elems.reserve(val.Elements().size());
    Path elem_path = path;
    elem_path.steps().emplace_back();
    int64_t i = 0;
    for (const auto& e : val.Elements()) {
      elem_path.steps().back() = PathStep::Index(i++);
      Value v = e;
      if (conv) {
        auto r = conv(v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.push_back(NullWithoutOptional(v));
    }
    if (elems.empty()) {
      if (ety.IsDynamic()) return Value::EmptyList(val.type().element());
      return Value::EmptyList(ety.WithoutOptionalAttributesDeep());
    }
    if (!CanCollect(elems)) return PathFail(path, "element types must all match for conversion to list");
    return Value::List(Type::Dynamic(), std::move(elems));
  };
}

Conv CollectionToSet(const Type& ety, Conv conv) {
  return [ety, conv](const Value& val, const Path& path) -> Result<Value> {
    std::vector<Value> elems;
    elems.reserve(val.Elements().size());
    Path elem_path = path;
    elem_path.steps().emplace_back();
    int64_t i = 0;
    for (const auto& e : val.Elements()) {
      elem_path.steps().back() = PathStep::Index(i++);
      Value v = e;
      if (conv) {
        auto r = conv(v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.push_back(NullWithoutOptional(v));
    }
    if (elems.empty()) {
      if (ety.IsDynamic()) return Value::EmptySet(val.type().element());
      return Value::EmptySet(ety.WithoutOptionalAttributesDeep());
    }
    if (!CanCollect(elems)) return PathFail(path, "element types must all match for conversion to set");
    return Value::Set(Type::Dynamic(), std::move(elems));
  };
}

Result<std::map<std::string, Value>> UnifyCollectionElements(std::map<std::string, Value> elems, const Path& path,
                                                             bool unsafe) {
  std::vector<Type> types;
  types.reserve(elems.size());
  for (const auto& [k, e] : elems) types.push_back(e.type());
  bool needed;
  auto unified = UnifyImpl(types, unsafe, &needed);
  if (!unified) return Error{"cannot find a common base type for all elements", path};
  std::map<std::string, Value> out;
  Path elem_path = path;
  elem_path.steps().emplace_back();
  for (auto& [k, e] : elems) {
    if (e.type() == *unified) {
      out.emplace_hint(out.end(), k, std::move(e));
      continue;
    }
    Conv conv = GetConversion(e.type(), *unified, unsafe);
    elem_path.steps().back() = PathStep::Index(k);
    if (!conv) return Error{"cannot find a common base type for all elements", path};
    auto r = conv(e, elem_path);
    if (!r.ok()) return r.error();
    out.emplace_hint(out.end(), k, std::move(r).value());
  }
  return out;
}

Result<std::vector<Value>> UnifyListElements(std::vector<Value> elems, const Path& path, bool unsafe) {
  std::vector<Type> types;
  types.reserve(elems.size());
  for (const auto& e : elems) types.push_back(e.type());
  bool needed;
  auto unified = UnifyImpl(types, unsafe, &needed);
  if (!unified) return Error{"cannot find a common base type for all elements", path};
  Path elem_path = path;
  elem_path.steps().emplace_back();
  for (size_t i = 0; i < elems.size(); ++i) {
    if (elems[i].type() == *unified) continue;
    Conv conv = GetConversion(elems[i].type(), *unified, unsafe);
    elem_path.steps().back() = PathStep::Index(static_cast<int64_t>(i));
    if (!conv) return Error{"cannot find a common base type for all elements", path};
    auto r = conv(elems[i], elem_path);
    if (!r.ok()) return r.error();
    elems[i] = std::move(r).value();
  }
  return elems;
}

Conv CollectionToMap(const Type& ety, Conv conv) {
  return [ety, conv](const Value& val, const Path& path) -> Result<Value> {
    std::map<std::string, Value> elems;
    Path elem_path = path;
    elem_path.steps().emplace_back();
    for (const auto& [k, e] : val.Attributes()) {
      elem_path.steps().back() = PathStep::Index(k);
      Value v = e;
      if (conv) {
        auto r = conv(v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.emplace_hint(elems.end(), k, std::move(v));
    }
    if (elems.empty()) {
      if (ety.IsDynamic()) return Value::EmptyMap(val.type().element());
      return Value::EmptyMap(ety.WithoutOptionalAttributesDeep());
    }
    if (ety.IsCollection() || ety.IsObject()) {
      auto u = UnifyCollectionElements(std::move(elems), path, false);
      if (!u.ok()) return u.error();
      elems = std::move(u).value();
    }
    if (!CanCollect(elems)) return PathFail(path, "element types must all match for conversion to map");
    return Value::Map(Type::Dynamic(), std::move(elems));
  };
}

// Element conversions for tuple -> list/set; returns false if impossible.
bool TupleElementConversions(const Type& tuple_type, Type* ety, bool unsafe, std::vector<Conv>* convs) {
  const auto& etys = tuple_type.tuple_elements();
  if (ety->IsDynamic()) {
    bool needed;
    auto u = UnifyImpl(etys, unsafe, &needed);
    if (!u) return false;
    *ety = *u;
    if (ety->IsDynamic()) {
      for (const auto& t : etys) {
        if (!t.IsDynamic()) return false;
      }
    }
  }
  convs->assign(etys.size(), nullptr);
  for (size_t i = 0; i < etys.size(); ++i) {
    if (etys[i] == *ety) continue;
    (*convs)[i] = GetConversion(etys[i], *ety, unsafe);
    if (!(*convs)[i]) return false;
  }
  return true;
}

Conv TupleToSet(const Type& tuple_type, Type set_ety, bool unsafe) {
  if (tuple_type.tuple_elements().empty()) {
    Type et = set_ety.WithoutOptionalAttributesDeep();
    return [et](const Value&, const Path&) -> Result<Value> { return Value::EmptySet(et); };
  }
  std::vector<Conv> convs;
  if (!TupleElementConversions(tuple_type, &set_ety, unsafe, &convs)) return nullptr;
  return [convs](const Value& val, const Path& path) -> Result<Value> {
    std::vector<Value> elems;
    Path elem_path = path;
    elem_path.steps().emplace_back();
    const auto& in = val.Elements();
    for (size_t i = 0; i < in.size(); ++i) {
      elem_path.steps().back() = PathStep::Index(static_cast<int64_t>(i));
      Value v = in[i];
      if (convs[i]) {
        auto r = convs[i](v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.push_back(NullWithoutOptional(v));
    }
    if (!CanCollect(elems)) return PathFail(path, "element types must all match for conversion to set");
    return Value::Set(Type::Dynamic(), std::move(elems));
  };
}

Conv TupleToList(const Type& tuple_type, Type list_ety, bool unsafe) {
  if (tuple_type.tuple_elements().empty()) {
    Type et = list_ety.WithoutOptionalAttributesDeep();
    return [et](const Value&, const Path&) -> Result<Value> { return Value::EmptyList(et); };
  }
  std::vector<Conv> convs;
  if (!TupleElementConversions(tuple_type, &list_ety, unsafe, &convs)) return nullptr;
  return [convs, unsafe](const Value& val, const Path& path) -> Result<Value> {
    std::vector<Value> elems;
    Path elem_path = path;
    elem_path.steps().emplace_back();
    const auto& in = val.Elements();
    for (size_t i = 0; i < in.size(); ++i) {
      elem_path.steps().back() = PathStep::Index(static_cast<int64_t>(i));
      Value v = in[i];
      if (convs[i]) {
        auto r = convs[i](v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.push_back(std::move(v));
    }
    // go-cty passes the path of the last element here.
    auto u = UnifyListElements(std::move(elems), elem_path, unsafe);
    if (!u.ok()) return u.error();
    elems = std::move(u).value();
    if (!CanCollect(elems)) return PathFail(path, "element types must all match for conversion to list");
    return Value::List(Type::Dynamic(), std::move(elems));
  };
}

Conv ObjectToMap(const Type& object_type, Type map_ety, bool unsafe) {
  const auto& atys = object_type.attributes();
  if (atys.empty()) {
    Type et = map_ety.WithoutOptionalAttributesDeep();
    return [et](const Value&, const Path&) -> Result<Value> { return Value::EmptyMap(et); };
  }
  if (map_ety.IsDynamic()) {
    std::vector<Type> types;
    for (const auto& [k, t] : atys) types.push_back(t);
    bool needed;
    auto u = UnifyImpl(types, unsafe, &needed);
    if (!u) return nullptr;
    map_ety = *u;
  }
  std::map<std::string, Conv> convs;
  for (const auto& [name, t] : atys) {
    if (t == map_ety) continue;
    Conv c = GetConversion(t, map_ety, unsafe);
    if (!c) return nullptr;
    convs.emplace(name, std::move(c));
  }
  return [convs, map_ety, unsafe](const Value& val, const Path& path) -> Result<Value> {
    std::map<std::string, Value> elems;
    Path elem_path = path;
    elem_path.steps().emplace_back();
    for (const auto& [k, e] : val.Attributes()) {
      elem_path.steps().back() = PathStep::Index(k);
      Value v = e;
      auto it = convs.find(k);
      if (it != convs.end()) {
        auto r = it->second(v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.emplace_hint(elems.end(), k, std::move(v));
    }
    if (map_ety.IsCollection() || map_ety.IsObject()) {
      auto u = UnifyCollectionElements(std::move(elems), path, unsafe);
      if (!u.ok()) return u.error();
      elems = std::move(u).value();
    }
    if (!CanCollect(elems)) return PathFail(path, "attribute types must all match for conversion to map");
    return Value::Map(Type::Dynamic(), std::move(elems));
  };
}

Conv MapToObject(const Type& map_type, const Type& obj_type, bool unsafe) {
  const Type& map_ety = map_type.element();
  // name -> conversion; a present-but-null entry marks an optional attribute
  // whose type the map element type cannot convert to.
  std::map<std::string, Conv> convs;
  for (const auto& [name, aty] : obj_type.attributes()) {
    if (aty == map_ety) continue;
    Conv c = GetConversion(map_ety, aty, unsafe);
    if (!c) {
      if (obj_type.IsOptionalAttribute(name) && unsafe) {
        convs.emplace(name, nullptr);
        continue;
      }
      return nullptr;
    }
    convs.emplace(name, std::move(c));
  }
  return [convs, obj_type](const Value& val, const Path& path) -> Result<Value> {
    std::map<std::string, Value> elems;
    Path elem_path = path;
    elem_path.steps().emplace_back();
    const auto& atys = obj_type.attributes();
    for (const auto& [k, e] : val.Attributes()) {
      if (atys.find(k) == atys.end()) continue;
      elem_path.steps().back() = PathStep::Index(k);
      Value v = e;
      auto it = convs.find(k);
      if (it != convs.end()) {
        if (it->second) {
          auto r = it->second(v, elem_path);
          if (!r.ok()) return r;
          v = std::move(r).value();
        } else {
          return PathFail(path, "map element type is incompatible with attribute " + internal::GoQuote(k) + ": " +
                                    MismatchMessage(v.type(), obj_type.attribute(k)));
        }
      }
      elems.emplace(k, NullWithoutOptional(v));
    }
    for (const auto& [name, aty] : atys) {
      if (elems.find(name) != elems.end()) continue;
      if (obj_type.IsOptionalAttribute(name)) {
        elems.emplace(name, Value::Null(aty.WithoutOptionalAttributesDeep()));
      } else {
        return PathFail(path, "map has no element for required attribute " + internal::GoQuote(name));
      }
    }
    return Value::Object(std::move(elems));
  };
}

Conv ObjectToObject(const Type& in, const Type& out, bool unsafe) {
  const auto& in_atys = in.attributes();
  std::map<std::string, Conv> convs;  // present key => attribute kept
  for (const auto& [name, out_aty] : out.attributes()) {
    auto it = in_atys.find(name);
    if (it == in_atys.end()) {
      if (out.IsOptionalAttribute(name)) continue;
      return nullptr;
    }
    if (it->second == out_aty) {
      convs.emplace(name, nullptr);
      continue;
    }
    Conv c = GetConversion(it->second, out_aty, unsafe);
    if (!c) return nullptr;
    convs.emplace(name, std::move(c));
  }
  return [convs, out](const Value& val, const Path& path) -> Result<Value> {
    std::map<std::string, Value> attrs;
    Path attr_path = path;
    attr_path.steps().emplace_back();
    for (const auto& [name, e] : val.Attributes()) {
      auto it = convs.find(name);
      if (it == convs.end()) continue;
      attr_path.steps().back() = PathStep::GetAttr(name);
      Value v = e;
      if (it->second) {
        auto r = it->second(v, attr_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      attrs.emplace_hint(attrs.end(), name, NullWithoutOptional(v));
    }
    for (const auto& name : out.optional_attributes()) {
      if (attrs.find(name) == attrs.end()) {
        attrs.emplace(name, Value::Null(out.attribute(name).WithoutOptionalAttributesDeep()));
      }
    }
    return Value::Object(std::move(attrs));
  };
}

Conv TupleToTuple(const Type& in, const Type& out, bool unsafe) {
  const auto& ie = in.tuple_elements();
  const auto& oe = out.tuple_elements();
  if (ie.size() != oe.size()) return nullptr;
  std::vector<Conv> convs(ie.size());
  for (size_t i = 0; i < ie.size(); ++i) {
    if (ie[i] == oe[i]) continue;
    convs[i] = GetConversion(ie[i], oe[i], unsafe);
    if (!convs[i]) return nullptr;
  }
  return [convs](const Value& val, const Path& path) -> Result<Value> {
    std::vector<Value> elems;
    Path elem_path = path;
    elem_path.steps().emplace_back();
    const auto& in_elems = val.Elements();
    for (size_t i = 0; i < in_elems.size(); ++i) {
      elem_path.steps().back() = PathStep::Index(static_cast<int64_t>(i));
      Value v = in_elems[i];
      if (convs[i]) {
        auto r = convs[i](v, elem_path);
        if (!r.ok()) return r;
        v = std::move(r).value();
      }
      elems.push_back(std::move(v));
    }
    return Value::Tuple(std::move(elems));
  };
}

Conv GetConversionKnown(const Type& in, const Type& out, bool unsafe) {
  if (out.IsDynamic()) {
    return [](const Value& v, const Path&) -> Result<Value> { return v; };
  }
  if (unsafe && in.IsDynamic()) {
    return [out](const Value& v, const Path& path) -> Result<Value> {
      auto r = Convert(v, out);
      if (r.ok()) return r;
      Path p = path;
      for (const auto& s : r.error().path.steps()) p.steps().push_back(s);
      return Error{r.error().message, std::move(p)};
    };
  }
  if (in.IsPrimitive() && out.IsPrimitive()) return PrimitiveConversion(in, out, unsafe);
  if (out.IsObject() && in.IsObject()) return ObjectToObject(in, out, unsafe);
  if (out.IsTuple() && in.IsTuple()) return TupleToTuple(in, out, unsafe);
  if (out.IsList() && (in.IsList() || in.IsSet())) {
    const Type& in_ety = in.element();
    const Type& out_ety = out.element();
    if (in_ety == out_ety) return CollectionToList(out_ety, nullptr);
    Conv c = GetConversion(in_ety, out_ety, unsafe);
    if (!c) return nullptr;
    return CollectionToList(out_ety, std::move(c));
  }
  if (out.IsSet() && (in.IsList() || in.IsSet())) {
    if (in.IsList() && !unsafe) return nullptr;
    const Type& in_ety = in.element();
    const Type& out_ety = out.element();
    if (in_ety == out_ety) return CollectionToSet(out_ety, nullptr);
    Conv c = GetConversion(in_ety, out_ety, unsafe);
    if (!c) return nullptr;
    return CollectionToSet(out_ety, std::move(c));
  }
  if (out.IsMap() && in.IsMap()) {
    Conv c = GetConversion(in.element(), out.element(), unsafe);
    if (!c) return nullptr;
    return CollectionToMap(out.element(), std::move(c));
  }
  if (out.IsList() && in.IsTuple()) return TupleToList(in, out.element(), unsafe);
  if (out.IsSet() && in.IsTuple()) return TupleToSet(in, out.element(), unsafe);
  if (out.IsMap() && in.IsObject()) return ObjectToMap(in, out.element(), unsafe);
  if (out.IsObject() && in.IsMap()) {
    if (!unsafe) return nullptr;
    return MapToObject(in, out, unsafe);
  }
  return nullptr;
}

Result<Value> ApplyConversion(const Conv& conv, const Type& out, const Value& in, const Path& path) {
  if (in.IsMarked()) {
    Marks m = in.marks();
    auto r = ApplyConversion(conv, out, in.Unmark(), path);
    if (!r.ok()) return r;
    return std::move(r).value().Mark(m);
  }
  if (out.IsDynamic()) return in;
  if (!in.IsKnown() || in.IsNull()) {
    Type o = out.WithoutOptionalAttributesDeep();
    if (!in.IsKnown()) return PrepareUnknownResult(in, DynamicReplace(in.type(), o));
    return Value::Null(DynamicReplace(in.type(), o));
  }
  return conv(in, path);
}

Conv GetConversion(const Type& in, const Type& out, bool unsafe) {
  Conv conv = GetConversionKnown(in, out, unsafe);
  if (!conv) return nullptr;
  return [conv = std::move(conv), out](const Value& v, const Path& path) -> Result<Value> {
    return ApplyConversion(conv, out, v, path);
  };
}

// ---- unification ----

int CompareTypes(const Type& a_in, const Type& b_in) {
  if (a_in.IsDynamic() || b_in.IsDynamic()) {
    if (!a_in.IsDynamic()) return -1;
    if (!b_in.IsDynamic()) return 1;
    return 0;
  }
  if (a_in.IsPrimitive() && b_in.IsPrimitive()) {
    bool as = a_in.kind() == Kind::kString, bs = b_in.kind() == Kind::kString;
    if (as || bs) {
      if (!as) return 1;
      if (!bs) return -1;
      return 0;
    }
  }
  if ((a_in.IsList() && b_in.IsList()) || (a_in.IsSet() && b_in.IsSet()) || (a_in.IsMap() && b_in.IsMap())) {
    return CompareTypes(a_in.element(), b_in.element());
  }
  Type a = a_in, b = b_in;
  int swap = 1;
  if ((a.IsTuple() && b.IsList()) || (a.IsObject() && b.IsMap()) || (a.IsSet() && b.IsTuple()) ||
      (a.IsSet() && b.IsList())) {
    std::swap(a, b);
    swap = -1;
  }
  if (b.IsSet() && (a.IsTuple() || a.IsList())) return -1 * swap;
  if (a.IsList() && b.IsTuple()) return -1 * swap;
  if (a.IsMap() && b.IsObject()) return -1 * swap;
  if (a.IsObject() && b.IsObject()) {
    const auto& aa = a.attributes();
    const auto& ba = b.attributes();
    if (aa.size() != ba.size()) return 0;
    bool a_super = false, b_super = false;
    for (const auto& [k, t] : aa) {
      auto it = ba.find(k);
      if (it == ba.end()) return 0;
      int c = CompareTypes(t, it->second);
      if (c < 0) {
        a_super = true;
      } else if (c > 0) {
        b_super = true;
      }
    }
    if (a_super && b_super) return 0;
    if (a_super) return -1 * swap;
    if (b_super) return 1 * swap;
    return 0;
  }
  if (a.IsTuple() && b.IsTuple()) {
    const auto& ae = a.tuple_elements();
    const auto& be = b.tuple_elements();
    if (ae.size() != be.size()) return 0;
    bool a_super = false, b_super = false;
    for (size_t i = 0; i < ae.size(); ++i) {
      int c = CompareTypes(ae[i], be[i]);
      if (c < 0) {
        a_super = true;
      } else if (c > 0) {
        b_super = true;
      }
    }
    if (a_super && b_super) return 0;
    if (a_super) return -1 * swap;
    if (b_super) return 1 * swap;
    return 0;
  }
  return 0;
}

std::vector<size_t> SortTypes(const std::vector<Type>& tys) {
  size_t l = tys.size();
  std::vector<std::vector<size_t>> edges(l);
  for (size_t i = 0; i + 1 < l; ++i) {
    for (size_t j = i + 1; j < l; ++j) {
      int c = CompareTypes(tys[i], tys[j]);
      if (c < 0) {
        edges[i].push_back(j);
      } else if (c > 0) {
        edges[j].push_back(i);
      }
    }
  }
  std::vector<int> in_degree(l, 0);
  for (const auto& outs : edges) {
    for (size_t j : outs) in_degree[j]++;
  }
  std::vector<size_t> result;
  result.reserve(l);
  for (size_t i = 0; i < l; ++i) {
    if (in_degree[i] == 0) result.push_back(i);
  }
  for (size_t q = 0; q < result.size(); ++q) {
    size_t i = result[q];
    for (size_t j : edges[i]) {
      if (--in_degree[j] == 0) result.push_back(j);
    }
  }
  // go-cty's result array is zero-filled past the visited prefix (cycles).
  while (result.size() < l) result.push_back(0);
  return result;
}

// Whether every `types[i]` converts to `to` (conversions_needed when any
// differs).
bool AllConvert(const std::vector<Type>& types, const Type& to, bool unsafe, bool* needed) {
  bool any = false;
  for (const auto& t : types) {
    if (t == to) continue;
    any = true;
    if (!HasConversion(t, to, unsafe)) return false;
  }
  *needed = any;
  return true;
}

std::optional<Type> AllAsDynamic(const std::vector<Type>& types, bool* needed) {
  *needed = !types.empty();
  return Type::Dynamic();
}

std::optional<Type> UnifyObjectTypesToMap(const std::vector<Type>& types, bool unsafe, bool* needed) {
  std::vector<Type> atys;
  for (const auto& t : types) {
    for (const auto& [k, at] : t.attributes()) atys.push_back(at);
  }
  bool n;
  auto ety = UnifyImpl(atys, unsafe, &n);
  if (!ety) return std::nullopt;
  Type ret = Type::Map(*ety);
  if (!AllConvert(types, ret, unsafe, needed)) return std::nullopt;
  return ret;
}

std::optional<Type> UnifyTupleTypesToList(const std::vector<Type>& types, bool unsafe, bool* needed) {
  std::vector<Type> etys;
  for (const auto& t : types) {
    for (const auto& et : t.tuple_elements()) etys.push_back(et);
  }
  bool n;
  auto ety = UnifyImpl(etys, unsafe, &n);
  if (!ety) return std::nullopt;
  Type ret = Type::List(*ety);
  if (!AllConvert(types, ret, unsafe, needed)) return std::nullopt;
  return ret;
}

std::optional<Type> UnifyCollectionTypes(Kind kind, const std::vector<Type>& types, bool unsafe, bool has_dynamic,
                                         bool* needed) {
  if (has_dynamic) return AllAsDynamic(types, needed);
  std::vector<Type> etys;
  for (const auto& t : types) etys.push_back(t.element());
  bool n;
  auto ety = UnifyImpl(etys, unsafe, &n);
  if (!ety) return std::nullopt;
  Type ret = kind == Kind::kMap ? Type::Map(*ety) : kind == Kind::kList ? Type::List(*ety) : Type::Set(*ety);
  if (!AllConvert(types, ret, unsafe, needed)) return std::nullopt;
  return ret;
}

std::optional<Type> UnifyObjectTypes(const std::vector<Type>& types, bool unsafe, bool has_dynamic, bool* needed) {
  if (has_dynamic) return AllAsDynamic(types, needed);
  const auto& first = types[0].attributes();
  for (size_t i = 1; i < types.size(); ++i) {
    const auto& these = types[i].attributes();
    if (these.size() != first.size()) return UnifyObjectTypesToMap(types, unsafe, needed);
    for (const auto& [name, t] : these) {
      if (first.find(name) == first.end()) return UnifyObjectTypesToMap(types, unsafe, needed);
    }
  }
  std::map<std::string, Type> ret_atys;
  std::vector<Type> across(types.size());
  for (const auto& [name, t0] : first) {
    for (size_t i = 0; i < types.size(); ++i) across[i] = types[i].attribute(name);
    bool n;
    auto u = UnifyImpl(across, unsafe, &n);
    if (!u) return std::nullopt;
    ret_atys.emplace(name, *u);
  }
  Type ret = Type::Object(std::move(ret_atys));
  if (!AllConvert(types, ret, unsafe, needed)) return UnifyObjectTypesToMap(types, unsafe, needed);
  return ret;
}

std::optional<Type> UnifyTupleTypes(const std::vector<Type>& types, bool unsafe, bool has_dynamic, bool* needed) {
  if (has_dynamic) return AllAsDynamic(types, needed);
  size_t len = types[0].tuple_elements().size();
  for (size_t i = 1; i < types.size(); ++i) {
    if (types[i].tuple_elements().size() != len) return UnifyTupleTypesToList(types, unsafe, needed);
  }
  std::vector<Type> ret_etys;
  std::vector<Type> across(types.size());
  for (size_t idx = 0; idx < len; ++idx) {
    for (size_t i = 0; i < types.size(); ++i) across[i] = types[i].tuple_elements()[idx];
    bool n;
    auto u = UnifyImpl(across, unsafe, &n);
    if (!u) return std::nullopt;
    ret_etys.push_back(*u);
  }
  Type ret = Type::Tuple(std::move(ret_etys));
  if (!AllConvert(types, ret, unsafe, needed)) return UnifyTupleTypesToList(types, unsafe, needed);
  return ret;
}

// unifyTuplesAsList / unifyObjectsAsMaps: unify the structural members as a
// collection first, then everything together.
std::optional<Type> UnifyStructuralAs(const std::vector<Type>& types, bool unsafe, bool tuples, bool* needed) {
  std::vector<Type> members;
  std::vector<size_t> idxs;
  for (size_t i = 0; i < types.size(); ++i) {
    if (tuples ? types[i].IsTuple() : types[i].IsObject()) {
      members.push_back(types[i]);
      idxs.push_back(i);
    }
  }
  bool n;
  auto ty = tuples ? UnifyTupleTypesToList(members, unsafe, &n) : UnifyObjectTypesToMap(members, unsafe, &n);
  if (!ty || !(tuples ? ty->IsList() : ty->IsMap())) return std::nullopt;
  std::vector<Type> replaced = types;
  for (size_t i : idxs) replaced[i] = *ty;
  auto nt = UnifyImpl(replaced, unsafe, &n);
  if (!nt || !(tuples ? nt->IsList() : nt->IsMap())) return std::nullopt;
  *needed = true;
  return nt;
}

std::optional<Type> UnifyImpl(const std::vector<Type>& types, bool unsafe, bool* needed) {
  *needed = false;
  if (types.empty()) return std::nullopt;
  size_t map_ct = 0, list_ct = 0, set_ct = 0, object_ct = 0, tuple_ct = 0, dynamic_ct = 0;
  for (const auto& t : types) {
    switch (t.kind()) {
      case Kind::kMap: ++map_ct; break;
      case Kind::kList: ++list_ct; break;
      case Kind::kSet: ++set_ct; break;
      case Kind::kObject: ++object_ct; break;
      case Kind::kTuple: ++tuple_ct; break;
      case Kind::kDynamic: ++dynamic_ct; break;
      default: break;
    }
  }
  size_t n = types.size();
  if (map_ct > 0 && map_ct + dynamic_ct == n) {
    return UnifyCollectionTypes(Kind::kMap, types, unsafe, dynamic_ct > 0, needed);
  } else if (map_ct > 0 && map_ct + object_ct + dynamic_ct == n) {
    auto t = UnifyStructuralAs(types, unsafe, false, needed);
    if (t) return t;
  } else if (list_ct > 0 && list_ct + dynamic_ct == n) {
    return UnifyCollectionTypes(Kind::kList, types, unsafe, dynamic_ct > 0, needed);
  } else if (list_ct > 0 && list_ct + tuple_ct + dynamic_ct == n) {
    auto t = UnifyStructuralAs(types, unsafe, true, needed);
    if (t) return t;
  } else if (set_ct > 0 && set_ct + dynamic_ct == n) {
    return UnifyCollectionTypes(Kind::kSet, types, unsafe, dynamic_ct > 0, needed);
  } else if (object_ct > 0 && object_ct + dynamic_ct == n) {
    return UnifyObjectTypes(types, unsafe, dynamic_ct > 0, needed);
  } else if (tuple_ct > 0 && tuple_ct + dynamic_ct == n) {
    return UnifyTupleTypes(types, unsafe, dynamic_ct > 0, needed);
  } else if (object_ct > 0 && tuple_ct > 0) {
    return std::nullopt;
  }
  for (size_t want : SortTypes(types)) {
    const Type& want_type = types[want];
    bool ok = true;
    bool any = false;
    for (size_t i = 0; i < n && ok; ++i) {
      if (i == want || types[i] == want_type) continue;
      any = true;
      ok = HasConversion(types[i], want_type, unsafe);
    }
    if (ok) {
      *needed = any;
      return want_type;
    }
  }
  return std::nullopt;
}

// ---- mismatch messages ----

bool LikelyConfusing(const Type& got, const Type& want) {
  if (got.IsPrimitive() != want.IsPrimitive()) return false;
  if (want.kind() == Kind::kString) return false;
  if ((want.kind() == Kind::kBool && got.kind() == Kind::kNumber) ||
      (got.kind() == Kind::kBool && want.kind() == Kind::kNumber)) {
    return false;
  }
  if (got.IsCollection() && want.IsCollection() && !got.element().HasDynamic() && want.element().HasDynamic()) {
    return false;
  }
  if (got.IsTuple() && want.IsObject()) return false;
  return true;
}

std::string MismatchObjects(const Type& got, const Type& want) {
  std::vector<std::string> missing;
  std::string unsafe_mismatch, safe_mismatch;
  for (const auto& [name, want_aty] : want.attributes()) {
    if (!got.HasAttribute(name)) {
      if (!want.IsOptionalAttribute(name)) missing.push_back(name);
      continue;
    }
    const Type& got_aty = got.attribute(name);
    if (got_aty == want_aty) continue;
    if (!unsafe_mismatch.empty()) continue;
    if (!HasConversion(got_aty, want_aty, true)) {
      unsafe_mismatch = "attribute " + internal::GoQuote(name) + ": " + MismatchMessage(got_aty, want_aty);
    }
    if (!safe_mismatch.empty()) continue;
    if (!HasConversion(got_aty, want_aty, false)) {
      safe_mismatch = "attribute " + internal::GoQuote(name) + ": " + MismatchMessage(got_aty, want_aty);
    }
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    if (missing.size() == 1) return "attribute " + internal::GoQuote(missing[0]) + " is required";
    if (missing.size() == 2) {
      return "attributes " + internal::GoQuote(missing[0]) + " and " + internal::GoQuote(missing[1]) + " are required";
    }
    std::string buf;
    for (size_t i = 0; i + 1 < missing.size(); ++i) buf += internal::GoQuote(missing[i]) + ", ";
    buf += "and " + internal::GoQuote(missing.back());
    return "attributes " + buf + " are required";
  }
  if (!unsafe_mismatch.empty()) return unsafe_mismatch;
  if (!safe_mismatch.empty()) return safe_mismatch;
  return "incorrect object attributes";
}

std::string MismatchCollectionsFromStructural(const Type& got, const Type& want) {
  if ((want.IsList() && !got.IsTuple()) || (want.IsSet() && !got.IsTuple()) || (want.IsMap() && !got.IsObject())) {
    return want.FriendlyNameForConstraint() + " required";
  }
  const Type& want_ety = want.element();
  if (got.IsTuple()) {
    const auto& etys = got.tuple_elements();
    for (size_t i = 0; i < etys.size(); ++i) {
      if (etys[i] == want_ety) continue;
      if (HasConversion(etys[i], want_ety, true)) continue;
      return "element " + std::to_string(i) + ": " + MismatchMessage(etys[i], want_ety);
    }
    return "all elements must be " + want_ety.FriendlyNameForConstraint();
  }
  for (const auto& [name, aty] : got.attributes()) {
    if (aty == want_ety) continue;
    if (HasConversion(aty, want_ety, true)) continue;
    return "element " + internal::GoQuote(name) + ": " + MismatchMessage(aty, want_ety);
  }
  return "all elements must be " + want_ety.FriendlyNameForConstraint();
}

std::string MismatchCollectionsFromCollections(const Type& got, const Type& want) {
  if ((want.IsList() && !(got.IsList() || got.IsSet())) || (want.IsSet() && !(got.IsList() || got.IsSet())) ||
      (want.IsMap() && !got.IsMap())) {
    return want.FriendlyNameForConstraint() + " required";
  }
  const char* noun = want.IsList() ? "list element type" : want.IsSet() ? "set element type" : "map element type";
  return std::string("incorrect ") + noun + ": " + MismatchMessage(got.element(), want.element());
}

std::string MismatchMessage(const Type& got, const Type& want) {
  if (got.IsObject() && want.IsObject()) return MismatchObjects(got, want);
  if (got.IsTuple() && want.IsList() && want.element().IsDynamic()) return "all list elements must have the same type";
  if (got.IsTuple() && want.IsSet() && want.element().IsDynamic()) return "all set elements must have the same type";
  if (got.IsObject() && want.IsMap() && want.element().IsDynamic()) return "all map elements must have the same type";
  if ((got.IsTuple() || got.IsObject()) && want.IsCollection()) return MismatchCollectionsFromStructural(got, want);
  if (got.IsCollection() && want.IsCollection()) return MismatchCollectionsFromCollections(got, want);
  if (!LikelyConfusing(got, want)) return want.FriendlyName() + " required, but have " + got.FriendlyName();
  return want.FriendlyNameForConstraint() + " required";
}

}  // namespace

Result<Value> Convert(const Value& v, const Type& want) {
  if (v.type() == want.WithoutOptionalAttributesDeep()) return v;
  Conv conv = GetConversion(v.type(), want, true);
  if (!conv) return Result<Value>::Fail(MismatchMessage(v.type(), want));
  return conv(v, Path());
}

std::optional<Type> Unify(const std::vector<Type>& types, bool* conversions_needed) {
  bool needed = false;
  auto t = UnifyImpl(types, false, &needed);
  if (conversions_needed != nullptr) *conversions_needed = t.has_value() && needed;
  return t;
}

std::optional<Type> UnifyUnsafe(const std::vector<Type>& types, bool* conversions_needed) {
  bool needed = false;
  auto t = UnifyImpl(types, true, &needed);
  if (conversions_needed != nullptr) *conversions_needed = t.has_value() && needed;
  return t;
}

bool CanConvertSafe(const Type& have, const Type& want) {
  if (have == want.WithoutOptionalAttributesDeep()) return true;
  return HasConversion(have, want, false);
}

bool CanConvertUnsafe(const Type& have, const Type& want) {
  if (have == want.WithoutOptionalAttributesDeep()) return true;
  return HasConversion(have, want, true);
}

}  // namespace cty
