// Collection functions (go-cty stdlib collection.go, sequence.go, set.go and
// OpenTofu lang/funcs/collection.go).
#include <algorithm>
#include <map>
#include <set>

#include "internal.h"

namespace funcs::internal {
namespace {

using cty::Kind;
using cty::Marks;
using cty::Number;

bool IsSeq(const Type& t) { return t.IsList() || t.IsSet() || t.IsTuple(); }

Value WithMarks(Value v, Marks m) { return m ? v.Mark(m) : v; }

// A list of `elems` whose common type is `ety`, or an empty list.
Value ListOf(const Type& ety, std::vector<Value> elems) {
  if (elems.empty()) return Value::EmptyList(ety);
  Type t = ety.IsDynamic() ? elems.front().type() : ety;
  return Value::List(t, std::move(elems));
}

std::string Itos(size_t i) { return std::to_string(i); }

FuncResult<Value> Length(const Args& a) {
  const Value& c = a[0];
  const Type& t = c.type();
  Marks m = c.marks();
  if (t.IsDynamic()) return WithMarks(Value::Unknown(Type::Number()), m);
  if (t.IsTuple()) return WithMarks(Value::Int(static_cast<int64_t>(t.tuple_elements().size())), m);
  if (t.IsObject()) return WithMarks(Value::Int(static_cast<int64_t>(t.attributes().size())), m);
  Value u = c.Unmark();
  if (!u.IsKnown()) return WithMarks(Value::Unknown(Type::Number()), m);
  if (t == Type::String()) {
    return WithMarks(Value::Int(static_cast<int64_t>(GraphemeBoundaries(u.AsString()).size() - 1)), m);
  }
  // cty Value.Length: unknown set elements may coalesce with others once
  // known, so the length of such a set (of more than one element) is
  // unknown, between 1 and the stored count.
  if (t.IsSet() && !u.IsWhollyKnown() && u.LengthInt() > 1) {
    cty::Refinements r;
    r.not_null = true;
    r.number_lower = cty::Number::FromInt64(1);
    r.number_upper = cty::Number::FromInt64(static_cast<int64_t>(u.LengthInt()));
    return WithMarks(Value::Unknown(Type::Number(), r), m);
  }
  return WithMarks(Value::Int(static_cast<int64_t>(u.LengthInt())), m);
}

FuncResult<Value> Element(const Args& a, const Type& ret) {
  std::string err;
  auto index = ToInt(a[1], &err);
  if (!index) return Err("invalid index: " + err);
  if (*index < 0) return Err("cannot use element function with a negative index");
  Marks m = a[0].marks();
  Value in = a[0].Unmark();
  if (!in.IsKnown()) return Value::Unknown(ret);
  size_t l = in.LengthInt();
  if (l == 0) return Err("cannot use element function with an empty list");
  return WithMarks(in.Elements()[static_cast<size_t>(*index) % l], m);
}

FuncResult<Type> ElementType(const Args& a) {
  const Value& idx = a[1];
  if (idx.IsKnown() && idx.AsNumber().IsNegative()) {
    return Err("cannot use element function with a negative index");
  }
  const Type& t = a[0].type();
  if (t.IsList()) return t.element();
  if (t.IsTuple()) {
    if (!idx.IsKnown()) return Type::Dynamic();
    std::string err;
    auto i = ToInt(idx, &err);
    if (!i) return Err("invalid index: " + err);
    const auto& etys = t.tuple_elements();
    if (etys.empty()) return Err("cannot use element function with an empty list");
    return etys[static_cast<size_t>(*i) % etys.size()];
  }
  return Err("cannot read elements from " + t.FriendlyName());
}

FuncResult<Type> ConcatType(const Args& a) {
  if (a.empty()) return Err("at least one argument is required");
  if (a[0].type().IsList()) {
    std::vector<Type> tys;
    bool all = true;
    for (const Value& v : a) {
      if (!v.type().IsList()) {
        all = false;
        break;
      }
      tys.push_back(v.type());
    }
    if (all) {
      if (auto t = cty::UnifyUnsafe(tys)) return *t;
    }
  }
  std::vector<Type> etys;
  for (size_t i = 0; i < a.size(); ++i) {
    Value v = a[i].UnmarkDeep();
    const Type& t = v.type();
    if (t.IsTuple()) {
      etys.insert(etys.end(), t.tuple_elements().begin(), t.tuple_elements().end());
    } else if (t.IsList()) {
      if (!v.IsKnown()) return Type::Dynamic();
      etys.insert(etys.end(), v.LengthInt(), t.element());
    } else {
      return ArgErr(static_cast<int>(i), "all arguments must be lists or tuples; got " + t.FriendlyName());
    }
  }
  return Type::Tuple(etys);
}

FuncResult<Value> Concat(const Args& a, const Type& ret) {
  std::vector<Value> vals;
  Marks m = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    Value seq = a[i];
    if (ret.IsList()) {
      auto c = cty::Convert(seq, ret);
      if (!c.ok()) return ArgErr(static_cast<int>(i), c.error().message);
      seq = c.value();
    }
    m |= seq.marks();
    seq = seq.Unmark();
    for (const Value& e : seq.Elements()) vals.push_back(e);
  }
  if (ret.IsList()) return WithMarks(ListOf(ret.element(), std::move(vals)), m);
  return WithMarks(Value::Tuple(std::move(vals)), m);
}

FuncResult<Value> Contains(const Args& a) {
  const Type& t = a[0].type();
  if (!IsSeq(t)) return Err("argument must be list, tuple, or set");
  if (!a[0].IsKnown()) return Value::Unknown(Type::Bool());
  if (a[0].LengthInt() == 0) return Value::False();
  if (!a[1].IsKnown()) return Value::Unknown(Type::Bool());
  bool unknown = false;
  for (const Value& e : a[0].Elements()) {
    Value eq = a[1].Equals(e);
    if (!eq.IsKnown()) {
      unknown = true;
      continue;
    }
    if (eq.AsBool()) return Value::True();
  }
  return unknown ? Value::Unknown(Type::Bool()) : Value::False();
}

FuncResult<Value> Distinct(const Args& a, const Type& ret) {
  if (!a[0].IsWhollyKnown()) return Value::Unknown(ret);
  std::vector<Value> out;
  for (const Value& e : a[0].Elements()) {
    bool found = false;
    for (const Value& o : out) {
      Value eq = o.Equals(e);
      if (eq.IsKnown() && eq.AsBool()) {
        found = true;
        break;
      }
    }
    if (!found) out.push_back(e);
  }
  return ListOf(ret.element(), std::move(out));
}

FuncResult<Value> Chunklist(const Args& a) {
  Marks m = a[0].marks() | a[1].marks();
  Value list = a[0].Unmark();
  std::string err;
  auto size = ToInt(a[1].Unmark(), &err);
  if (!size) return Err("invalid size: " + err);
  if (*size < 0) return Err("the size argument must be positive");
  if (list.LengthInt() == 0) return WithMarks(Value::EmptyList(list.type()), m);
  if (*size == 0) return WithMarks(Value::List(list.type(), {list}), m);
  std::vector<Value> out, chunk;
  const auto& elems = list.Elements();
  for (size_t i = 0; i < elems.size(); ++i) {
    chunk.push_back(elems[i]);
    if ((i + 1) % static_cast<size_t>(*size) == 0 || i + 1 == elems.size()) {
      out.push_back(Value::List(list.type().element(), std::move(chunk)));
      chunk.clear();
    }
  }
  return WithMarks(Value::List(list.type(), std::move(out)), m);
}

// go-cty flattener: the flattened elements, the marks met, and whether the
// result is known.
bool Flattener(const Value& in, std::vector<Value>* out, Marks* marks) {
  *marks |= in.marks();
  Value list = in.Unmark();
  if (!list.IsKnown()) return false;
  bool known = true;
  for (const Value& v : list.Elements()) {
    if (v.type().IsDynamic() && !v.IsKnown() && !v.IsMarked()) known = false;
    if (!v.IsNull() && IsSeq(v.type())) {
      if (!v.IsKnown()) {
        known = false;
        *marks |= v.marks();
        continue;
      }
      if (!Flattener(v, out, marks)) known = false;
    } else {
      out->push_back(v);
    }
  }
  return known;
}

FuncResult<Value> Keys(const Args& a, const Type& ret) {
  Marks m = a[0].marks();
  Value v = a[0].Unmark();
  if (v.type().IsObject()) {
    std::vector<Value> keys;
    for (const auto& [name, t] : v.type().attributes()) keys.push_back(Value::String(name));
    return WithMarks(Value::Tuple(std::move(keys)), m);
  }
  if (!v.IsKnown()) return WithMarks(Value::Unknown(ret), m);
  std::vector<Value> keys;
  for (const auto& [k, e] : v.MapElements()) keys.push_back(Value::String(k));
  return WithMarks(ListOf(Type::String(), std::move(keys)), m);
}

FuncResult<Type> LookupType(const Args& a) {
  if (a.size() > 3) return Err("lookup() takes two or three arguments, got " + Itos(a.size()));
  const Type& t = a[0].type();
  if (t.IsObject()) {
    if (!a[1].IsKnown()) return Type::Dynamic();
    std::string key = a[1].Unmark().AsString();
    if (t.HasAttribute(key)) return t.attribute(key);
    if (a.size() == 3) return a[2].type();
    return ArgErr(0, "the given object has no attribute " + GoQuote(key));
  }
  if (t.IsMap()) {
    if (a.size() == 3 && !cty::Convert(a[2], t.element()).ok()) {
      return ArgErr(2, "the default value must have the same type as the map elements");
    }
    return t.element();
  }
  return ArgErr(0, "lookup() requires a map as the first argument");
}

FuncResult<Value> Lookup(const Args& a, const Type& ret) {
  Marks m = a[0].marks() | a[1].marks();
  Value map = a[0].Unmark();
  std::string key = a[1].Unmark().AsString();
  if (!map.IsKnown()) return WithMarks(Value::Unknown(ret), m);
  if (map.type().IsObject()) {
    if (map.type().HasAttribute(key)) return WithMarks(map.GetAttr(key), m);
  } else {
    auto it = map.MapElements().find(key);
    if (it != map.MapElements().end()) return WithMarks(it->second, m);
  }
  if (a.size() == 3) {
    auto c = cty::Convert(a[2], ret);
    if (!c.ok()) return Err(c.error().message);
    return WithMarks(c.value(), m);
  }
  return Err("lookup failed to find key " + RedactString(key, a[1].IsSensitive()));
}

FuncResult<Type> MergeType(const Args& a) {
  if (a.empty()) return Type::EmptyObject();
  std::map<std::string, Type> attrs;
  Type first;
  bool matching = true;
  bool attrs_known = true;
  for (size_t i = 0; i < a.size(); ++i) {
    const Type& t = a[i].type();
    if (t.IsDynamic()) return Type::Dynamic();
    if (!t.IsMap() && !t.IsObject()) {
      return Err("arguments must be maps or objects, got \"" + t.FriendlyName() + "\"");
    }
    Value v = a[i].Unmark();
    if (t.IsObject() && !v.IsNull()) {
      for (const auto& [n, at] : t.attributes()) attrs[n] = at;
    } else if (t.IsMap()) {
      if (v.IsNull()) {
      } else if (v.IsKnown()) {
        for (const auto& [k, e] : v.MapElements()) attrs[k] = t.element();
      } else {
        attrs_known = false;
      }
    }
    if (i == 0) {
      first = t;
      continue;
    }
    if (t != first) matching = false;
  }
  if (matching) return first;
  if (!attrs_known) return Type::Dynamic();
  return Type::Object(attrs);
}

FuncResult<Value> Merge(const Args& a, const Type& ret) {
  std::map<std::string, Value> out;
  Marks m = 0;
  for (const Value& arg : a) {
    if (arg.IsNull()) continue;
    m |= arg.marks();
    Value v = arg.Unmark();
    for (const auto& [k, e] : v.Attributes()) out[k] = e;
  }
  if (ret.IsMap()) {
    if (out.empty()) return WithMarks(Value::EmptyMap(ret.element()), m);
    return WithMarks(Value::Map(ret.element(), std::move(out)), m);
  }
  return WithMarks(Value::Object(std::move(out)), m);
}

FuncResult<Type> ReverseType(const Args& a) {
  const Type& t = a[0].type();
  if (t.IsTuple()) {
    std::vector<Type> r(t.tuple_elements().rbegin(), t.tuple_elements().rend());
    return Type::Tuple(r);
  }
  if (t.IsList() || t.IsSet()) return Type::List(t.element());
  return ArgErr(0, "can only reverse list or tuple values, not " + t.FriendlyName());
}

FuncResult<Value> Reverse(const Args& a, const Type& ret) {
  Marks m = a[0].marks();
  Value in = a[0].Unmark();
  std::vector<Value> out(in.Elements().rbegin(), in.Elements().rend());
  if (ret.IsTuple()) return WithMarks(Value::Tuple(std::move(out)), m);
  return WithMarks(ListOf(ret.element(), std::move(out)), m);
}

struct SliceIdx {
  int64_t start = 0, end = 0;
  bool known = false;
};

FuncResult<SliceIdx> SliceIndexes(const Args& a) {
  SliceIdx r;
  Value list = a[0].Unmark();
  bool length_known = list.type().IsTuple() || list.IsKnown();
  int64_t length = 0;
  if (list.type().IsTuple()) {
    length = static_cast<int64_t>(list.type().tuple_elements().size());
  } else if (list.IsKnown()) {
    length = static_cast<int64_t>(list.LengthInt());
  }
  bool sk = false, ek = false;
  std::string err;
  if (a[1].IsKnown()) {
    auto s = ToInt(a[1], &err);
    if (!s) return FunctionError{"invalid start index: " + err, 1};
    if (*s < 0) return ArgErr(1, "start index must not be less than zero");
    if (length_known && *s > length) return ArgErr(1, "start index must not be greater than the length of the list");
    r.start = *s;
    sk = true;
  }
  if (a[2].IsKnown()) {
    auto e = ToInt(a[2], &err);
    if (!e) return FunctionError{"invalid end index: " + err, 2};
    if (*e < 0) return ArgErr(2, "end index must not be less than zero");
    if (length_known && *e > length) return ArgErr(2, "end index must not be greater than the length of the list");
    r.end = *e;
    ek = true;
  }
  if (sk && ek && r.start > r.end) return ArgErr(1, "start index must not be greater than end index");
  r.known = sk && ek;
  return r;
}

FuncResult<Type> SliceType(const Args& a) {
  const Type& t = a[0].type();
  if (t.IsSet()) {
    return ArgErr(0,
                  "cannot slice a set, because its elements do not have indices; explicitly convert to a list if "
                  "the ordering of the result is not important");
  }
  if (!t.IsList() && !t.IsTuple()) return ArgErr(0, "must be a list or tuple value");
  auto idx = SliceIndexes(a);
  if (!idx.ok()) return idx.error();
  if (t.IsList()) return t;
  if (!idx.value().known) return Type::Dynamic();
  const auto& e = t.tuple_elements();
  return Type::Tuple(std::vector<Type>(e.begin() + idx.value().start, e.begin() + idx.value().end));
}

FuncResult<Value> Slice(const Args& a, const Type& ret) {
  Marks m = a[0].marks();
  Value in = a[0].Unmark();
  if (ret.IsDynamic()) return WithMarks(Value::DynamicVal(), m);
  auto idx = SliceIndexes(a);
  if (!idx.ok()) return idx.error();
  const auto& e = in.Elements();
  std::vector<Value> out(e.begin() + idx.value().start, e.begin() + idx.value().end);
  if (ret.IsTuple()) return WithMarks(Value::Tuple(std::move(out)), m);
  return WithMarks(ListOf(ret.element(), std::move(out)), m);
}

FuncResult<Type> ValuesType(const Args& a) {
  const Type& t = a[0].type();
  if (t.IsMap()) return Type::List(t.element());
  if (t.IsObject()) {
    std::vector<Type> tys;
    for (const auto& [n, at] : t.attributes()) tys.push_back(at);
    return Type::Tuple(tys);
  }
  return Err("values() requires a map as the first argument");
}

FuncResult<Value> Values(const Args& a, const Type& ret) {
  Marks m = a[0].marks();
  Value in = a[0].Unmark();
  std::vector<Value> out;
  for (const auto& [k, v] : in.Attributes()) out.push_back(v);
  if (ret.IsTuple()) return WithMarks(Value::Tuple(std::move(out)), m);
  return WithMarks(ListOf(ret.element(), std::move(out)), m);
}

FuncResult<Type> ZipmapType(const Args& a) {
  const Type& vt = a[1].type();
  if (vt.IsList()) return Type::Map(vt.element());
  if (vt.IsTuple()) {
    if (!a[0].IsWhollyKnown()) return Type::Dynamic();
    Value keys = a[0].Unmark();
    const auto& vtys = vt.tuple_elements();
    if (keys.LengthInt() != vtys.size()) {
      return Err("number of keys (" + Itos(keys.LengthInt()) + ") does not match number of values (" +
                 Itos(vtys.size()) + ")");
    }
    std::map<std::string, Type> attrs;
    for (size_t i = 0; i < vtys.size(); ++i) {
      Value k = keys.Elements()[i].Unmark();
      if (k.IsNull()) return Err("keys list has null value at index " + Itos(i));
      attrs[k.AsString()] = vtys[i];
    }
    return Type::Object(attrs);
  }
  return Err("values argument must be a list or tuple value");
}

FuncResult<Value> Zipmap(const Args& a, const Type& ret) {
  Marks m = a[0].marks() | a[1].marks();
  Value keys = a[0].Unmark();
  Value values = a[1].Unmark();
  if (!keys.IsWhollyKnown()) return WithMarks(Value::Unknown(ret), m);
  if (!values.IsKnown()) return WithMarks(Value::Unknown(ret), m);
  if (keys.LengthInt() != values.LengthInt()) {
    return Err("number of keys (" + Itos(keys.LengthInt()) + ") does not match number of values (" +
               Itos(values.LengthInt()) + ")");
  }
  std::map<std::string, Value> out;
  for (size_t i = 0; i < keys.LengthInt(); ++i) {
    const Value& k = keys.Elements()[i];
    m |= k.marks();
    out[k.Unmark().AsString()] = values.Elements()[i];
  }
  if (ret.IsMap()) {
    if (out.empty()) return WithMarks(Value::EmptyMap(ret.element()), m);
    return WithMarks(Value::Map(ret.element(), std::move(out)), m);
  }
  return WithMarks(Value::Object(std::move(out)), m);
}

FuncResult<Value> Range(const Args& a) {
  Number zero;
  Number start, end, step;
  switch (a.size()) {
    case 1:
      start = zero, end = a[0].AsNumber(), step = Number::FromInt64(end < zero ? -1 : 1);
      break;
    case 2:
      start = a[0].AsNumber(), end = a[1].AsNumber(), step = Number::FromInt64(end < start ? -1 : 1);
      break;
    case 3:
      start = a[0].AsNumber(), end = a[1].AsNumber(), step = a[2].AsNumber();
      break;
    default:
      return Err("must have one, two, or three arguments");
  }
  // go-cty compares the step with cty.Zero by identity, which a caller's
  // zero never matches: a zero step runs into the 1024-value limit (or the
  // direction checks) instead of "step must not be zero".
  bool down = step < zero;
  if (down && start < end) return ArgErr(1, "end must be less than start when step is negative");
  if (!down && end < start) return ArgErr(1, "end must be greater than start when step is positive");
  std::vector<Value> vals;
  Number num = start;
  for (;;) {
    int c = num.Compare(end);
    if (down ? c <= 0 : c >= 0) break;
    if (vals.size() >= 1024) {
      return Err(
          "more than 1024 values were generated; either decrease the difference between start and end or use a "
          "smaller step");
    }
    vals.push_back(Value::Number(num));
    auto next = num.Add(step);
    if (!next.ok()) return Err(next.error().message);
    num = next.value();
  }
  return ListOf(Type::Number(), std::move(vals));
}

FuncResult<Type> SetOpType(const Args& a) {
  std::vector<Type> etys;
  for (const Value& v : a) {
    const Type& ty = v.type().element();
    if (v.IsKnown() && v.LengthInt() == 0 && ty.IsDynamic()) continue;
    etys.push_back(ty);
  }
  if (etys.empty()) return Type::Set(Type::Dynamic());
  auto u = cty::UnifyUnsafe(etys);
  if (!u) return Err("given sets must all have compatible element types");
  return Type::Set(*u);
}

enum class SetOp { kUnion, kIntersection, kSubtract };

FuncResult<Value> SetOperation(const Args& a, const Type& ret, SetOp op) {
  bool allow_unknown = op == SetOp::kUnion;
  std::vector<Value> acc;
  for (size_t i = 0; i < a.size(); ++i) {
    auto c = cty::Convert(a[i], ret);
    if (!c.ok()) return ArgErr(static_cast<int>(i), c.error().message);
    const Value& s = c.value();
    if (!allow_unknown && !s.IsWhollyKnown()) return Value::Unknown(ret);
    if (!s.IsKnown()) return Value::Unknown(ret);
    const auto& elems = s.Elements();
    if (i == 0) {
      acc = elems;
      continue;
    }
    auto contains = [&](const std::vector<Value>& set, const Value& e) {
      for (const Value& x : set) {
        if (x.RawEquals(e)) return true;
      }
      return false;
    };
    std::vector<Value> next;
    switch (op) {
      case SetOp::kUnion:
        next = acc;
        for (const Value& e : elems) {
          if (!contains(acc, e)) next.push_back(e);
        }
        break;
      case SetOp::kIntersection:
        for (const Value& e : acc) {
          if (contains(elems, e)) next.push_back(e);
        }
        break;
      case SetOp::kSubtract:
        for (const Value& e : acc) {
          if (!contains(elems, e)) next.push_back(e);
        }
        break;
    }
    acc = std::move(next);
  }
  if (acc.empty()) return Value::EmptySet(ret.element());
  return Value::Set(ret.element(), std::move(acc));
}

FuncResult<Type> SetProductType(const Args& a) {
  if (a.size() < 2) return Err("at least two arguments are required");
  size_t lists = 0;
  std::vector<Type> etys;
  for (size_t i = 0; i < a.size(); ++i) {
    const Type& t = a[i].type();
    if (t.IsSet()) {
      etys.push_back(t.element());
    } else if (t.IsList()) {
      etys.push_back(t.element());
      ++lists;
    } else if (t.IsTuple()) {
      if (t.tuple_elements().empty()) {
        etys.push_back(Type::Dynamic());
      } else {
        auto u = cty::UnifyUnsafe(t.tuple_elements());
        if (!u) return ArgErr(static_cast<int>(i), "all elements must be of the same type");
        etys.push_back(*u);
      }
      ++lists;
    } else {
      return ArgErr(static_cast<int>(i), "a set or a list is required");
    }
  }
  if (lists == a.size()) return Type::List(Type::Tuple(etys));
  return Type::Set(Type::Tuple(etys));
}

FuncResult<Value> SetProduct(const Args& a, const Type& ret) {
  const Type& ety = ret.element();
  Marks m = 0;
  size_t total = 1;
  bool unknown_len = false;
  std::vector<std::vector<Value>> argv;
  for (const Value& arg : a) {
    m |= arg.marks();
    Value v = arg.Unmark();
    bool len_known = v.IsKnown();
    if (len_known && v.type().IsSet()) {
      for (const Value& e : v.Elements()) {
        if (!e.IsWhollyKnown()) len_known = false;
      }
    }
    if (!len_known) {
      unknown_len = true;
      continue;
    }
    total *= v.LengthInt();
    argv.push_back(v.Elements());
  }
  if (unknown_len) return WithMarks(Value::Unknown(ret), m);
  if (total == 0) {
    return WithMarks(ret.IsList() ? Value::EmptyList(ety) : Value::EmptySet(ety), m);
  }
  const auto& sub = ety.tuple_elements();
  std::vector<size_t> n(a.size(), 0);
  std::vector<Value> product;
  for (size_t i = 0; i < total; ++i) {
    std::vector<Value> tuple;
    for (size_t j = 0; j < n.size(); ++j) {
      Value val = argv[j][n[j]];
      if (val.type() != sub[j]) {
        auto c = cty::Convert(val, sub[j]);
        if (!c.ok()) return Err("failed to convert argVals[" + Itos(j) + "][" + Itos(n[j]) + "] to " + sub[j].FriendlyName() + "; this is a bug in cty");
        val = c.value();
      }
      tuple.push_back(val);
    }
    product.push_back(Value::Tuple(std::move(tuple)));
    for (size_t j = n.size(); j-- > 0;) {
      if (++n[j] < argv[j].size()) break;
      n[j] = 0;
    }
  }
  Type pt = product.front().type();
  if (ret.IsList()) return WithMarks(Value::List(pt, std::move(product)), m);
  return WithMarks(Value::Set(pt, std::move(product)), m);
}

FuncResult<Value> Sum(const Args& a) {
  const Type& t = a[0].type();
  if (!IsSeq(t) && !t.IsMap() && !t.IsObject()) return ArgErr(0, "cannot sum noniterable");
  if (!a[0].IsKnown()) return Value::Unknown(Type::Number());
  if (a[0].LengthInt() == 0) return ArgErr(0, "cannot sum an empty list");
  if (!IsSeq(t)) return ArgErr(0, "argument must be list, set, or tuple. Received " + t.FriendlyName());
  if (!a[0].IsWhollyKnown()) return Value::Unknown(Type::Number());
  const char* bad = "argument must be list, set, or tuple of number values";
  Number s;
  bool first = true;
  for (const Value& v : a[0].Elements()) {
    if (v.IsNull()) return ArgErr(0, bad);
    auto c = cty::Convert(v, Type::Number());
    if (!c.ok()) return ArgErr(0, bad);
    if (first) {
      s = c.value().AsNumber();
      first = false;
      continue;
    }
    auto r = s.Add(c.value().AsNumber());
    if (!r.ok()) return Err("can't compute sum of opposing infinities");
    s = r.value();
  }
  return Value::Number(s);
}

FuncResult<Value> Transpose(const Args& a, const Type& ret) {
  if (!a[0].IsWhollyKnown()) return Value::Unknown(ret);
  std::map<std::string, std::vector<std::string>> tmp;
  for (const auto& [k, list] : a[0].MapElements()) {
    for (const Value& v : list.Elements()) {
      if (v.IsNull()) return Err("input must be a map of lists of strings");
      auto& out = tmp[v.AsString()];
      out.push_back(k);
      std::sort(out.begin(), out.end());
    }
  }
  if (tmp.empty()) return Value::EmptyMap(Type::List(Type::String()));
  std::map<std::string, Value> out;
  for (auto& [k, keys] : tmp) {
    std::vector<Value> vals;
    for (auto& s : keys) vals.push_back(Value::String(s));
    out[k] = Value::List(Type::String(), std::move(vals));
  }
  return Value::Map(Type::List(Type::String()), std::move(out));
}

FuncResult<Value> Matchkeys(const Args& a, const Type& ret) {
  if (!a[0].IsKnown()) return Value::Unknown(Type::List(ret.element()));
  if (a[0].LengthInt() != a[1].LengthInt()) return Err("length of keys and values should be equal");
  auto ty = cty::UnifyUnsafe({a[1].type(), a[2].type()});
  Value keys = cty::Convert(a[1], *ty).value();
  Value search = cty::Convert(a[2], *ty).value();
  if (search.LengthInt() == 0) return Value::EmptyList(ret.element());
  if (!a[0].IsWhollyKnown() || !keys.IsWhollyKnown()) return Value::Unknown(ret);
  std::vector<Value> out;
  for (size_t i = 0; i < keys.LengthInt(); ++i) {
    for (const Value& s : search.Elements()) {
      Value eq = keys.Elements()[i].Equals(s);
      if (!eq.IsKnown()) return Value::EmptyList(ret.element());
      if (eq.AsBool()) {
        out.push_back(a[0].Elements()[i]);
        break;
      }
    }
  }
  return ListOf(ret.element(), std::move(out));
}

FuncResult<Type> OneType(const Args& a) {
  const Type& t = a[0].type();
  if (t.IsList() || t.IsSet()) return t.element();
  if (t.IsTuple()) {
    if (t.tuple_elements().empty()) return Type::Dynamic();
    if (t.tuple_elements().size() == 1) return t.tuple_elements()[0];
  }
  return ArgErr(0, "must be a list, set, or tuple value with either zero or one elements");
}

FuncResult<Value> One(const Args& a, const Type& ret) {
  const Value& v = a[0];
  if (v.type().IsSet() && !v.IsWhollyKnown()) {
    for (const Value& e : v.Elements()) {
      if (!e.IsWhollyKnown()) return Value::Unknown(ret);
    }
  }
  size_t l = v.LengthInt();
  if (l == 0) return Value::Null(ret);
  if (l == 1) return v.Elements()[0];
  return ArgErr(0, "must be a list, set, or tuple value with either zero or one elements");
}

FuncResult<Value> Coalesce(const Args& a, const Type& ret) {
  for (const Value& arg : a) {
    auto c = cty::Convert(arg, ret);
    Value v = c.ok() ? c.value() : arg;
    if (!v.IsKnown()) return Value::Unknown(ret);
    if (v.IsNull()) continue;
    if (ret == Type::String() && v.RawEquals(Value::String(""))) continue;
    return v;
  }
  return Err("no non-null, non-empty-string arguments");
}

FuncResult<Type> CoalesceListType(const Args& a) {
  if (a.empty()) return Err("at least one argument is required");
  for (const Value& v : a) {
    if (!v.IsKnown()) return Type::Dynamic();
    if (!v.type().IsList() && !v.type().IsTuple()) return Err("coalescelist arguments must be lists or tuples");
  }
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i].type() != a[0].type()) return Type::Dynamic();
  }
  return a[0].type();
}

FuncResult<Value> CoalesceList(const Args& a, const Type& ret) {
  for (const Value& v : a) {
    if (!v.IsKnown()) return Value::Unknown(ret);
    if (v.IsNull()) continue;
    if (v.LengthInt() > 0) return v;
  }
  return Err("no non-null arguments");
}

FuncResult<Value> Compact(const Args& a, const Type& ret) {
  if (!a[0].IsWhollyKnown()) return Value::Unknown(ret);
  std::vector<Value> out;
  for (const Value& v : a[0].Elements()) {
    if (v.IsNull() || v.AsString().empty()) continue;
    out.push_back(v);
  }
  return ListOf(Type::String(), std::move(out));
}

FuncResult<Value> Index(const Args& a) {
  const Type& t = a[0].type();
  if (!t.IsList() && !t.IsTuple()) return Err("argument must be a list or tuple");
  if (!a[0].IsKnown()) return Value::Unknown(Type::Number());
  if (a[0].LengthInt() == 0) return Err("cannot search an empty list");
  const auto& elems = a[0].Elements();
  for (size_t i = 0; i < elems.size(); ++i) {
    Value eq = elems[i].Equals(a[1]);
    if (!eq.IsKnown()) return Value::Unknown(Type::Number());
    if (eq.AsBool()) return Value::Int(static_cast<int64_t>(i));
  }
  return Err("item not found");
}

FuncResult<Value> Sort(const Args& a, const Type& ret) {
  if (!a[0].IsWhollyKnown()) return Value::Unknown(ret);
  if (a[0].LengthInt() == 0) return a[0];
  std::vector<std::string> list;
  const auto& elems = a[0].Elements();
  for (size_t i = 0; i < elems.size(); ++i) {
    if (elems[i].IsNull()) {
      return Err("given list element " + Itos(i) + " is null; a null string cannot be sorted");
    }
    list.push_back(elems[i].AsString());
  }
  std::sort(list.begin(), list.end());
  std::vector<Value> out;
  for (auto& s : list) out.push_back(Value::String(s));
  return Value::List(Type::String(), std::move(out));
}

FuncResult<Value> AllAnyTrue(const Args& a, bool all) {
  bool unknown = false;
  for (const Value& v : a[0].Elements()) {
    if (!v.IsKnown()) {
      if (all) return Value::Unknown(Type::Bool());
      unknown = true;
      continue;
    }
    if (v.IsNull()) {
      if (all) return Value::False();
      continue;
    }
    if (all && !v.AsBool()) return Value::False();
    if (!all && v.AsBool()) return Value::True();
  }
  if (unknown) return Value::Unknown(Type::Bool());
  return Value::Bool(all);
}

TypeFn ArgType(size_t i) {
  return [i](const Args& a) -> FuncResult<Type> { return a[i].type(); };
}

}  // namespace

void AddCollection(cty::FunctionTable* t) {
  const Type dyn = Type::Dynamic();
  (*t)["length"] = Fn({Param("value", dyn, kAllowDynamic | kAllowUnknown | kAllowMarked)},
                      [](const Args& a) -> FuncResult<Type> {
                        const Type& ct = a[0].type();
                        if (ct == Type::String() || ct.IsTuple() || ct.IsObject() || ct.IsCollection() ||
                            ct.IsDynamic()) {
                          return Type::Number();
                        }
                        return Err("argument must be a string, a collection type, or a structural type");
                      },
                      [](const Args& a, const Type&) { return Length(a); });
  (*t)["element"] = Fn({Param("list", dyn, kAllowMarked), Param("index", Type::Number())}, ElementType, Element, false);
  (*t)["concat"] = Fn({}, Param("seqs", dyn, kAllowMarked), ConcatType, Concat);
  (*t)["contains"] = Fn({Param("list", dyn), Param("value", dyn)}, Static(Type::Bool()),
                        [](const Args& a, const Type&) { return Contains(a); });
  (*t)["distinct"] = Fn({Param("list", Type::List(dyn))}, ArgType(0), Distinct);
  (*t)["chunklist"] = Fn({Param("list", Type::List(dyn), kAllowMarked), Param("size", Type::Number(), kAllowMarked)},
                         [](const Args& a) -> FuncResult<Type> { return Type::List(a[0].type()); },
                         [](const Args& a, const Type&) { return Chunklist(a); });
  (*t)["flatten"] = Fn({Param("list", dyn, kAllowMarked)},
                       [](const Args& a) -> FuncResult<Type> {
                         if (!a[0].IsWhollyKnown()) return Type::Dynamic();
                         if (!IsSeq(a[0].type())) return Err("can only flatten lists, sets and tuples");
                         std::vector<Value> out;
                         Marks m = 0;
                         if (!Flattener(a[0], &out, &m)) return Type::Dynamic();
                         std::vector<Type> tys;
                         for (const Value& v : out) tys.push_back(v.type());
                         return Type::Tuple(tys);
                       },
                       [](const Args& a, const Type& ret) -> FuncResult<Value> {
                         Value u = a[0].Unmark();
                         if (u.LengthInt() == 0) return WithMarks(Value::EmptyTuple(), a[0].marks());
                         std::vector<Value> out;
                         Marks m = 0;
                         if (!Flattener(a[0], &out, &m)) return WithMarks(Value::Unknown(ret), m);
                         return WithMarks(Value::Tuple(std::move(out)), m);
                       });
  (*t)["keys"] = Fn({Param("inputMap", dyn, kAllowUnknown | kAllowMarked)},
                    [](const Args& a) -> FuncResult<Type> {
                      const Type& mt = a[0].type();
                      if (mt.IsMap()) return Type::List(Type::String());
                      if (mt.IsObject()) return Type::Tuple(std::vector<Type>(mt.attributes().size(), Type::String()));
                      return ArgErr(0, "must have map or object type");
                    },
                    Keys);
  (*t)["values"] = Fn({Param("mapping", dyn, kAllowMarked)}, ValuesType, Values);
  (*t)["lookup"] = Fn({Param("inputMap", dyn, kAllowMarked), Param("key", Type::String(), kAllowMarked)},
                      Param("default", dyn, kAllowUnknown | kAllowDynamic | kAllowNull | kAllowMarked), LookupType,
                      Lookup, false);
  (*t)["merge"] = Fn({}, Param("maps", dyn, kAllowDynamic | kAllowNull | kAllowMarked), MergeType, Merge);
  (*t)["reverse"] = Fn({Param("list", dyn, kAllowMarked)}, ReverseType, Reverse);
  (*t)["slice"] = Fn({Param("list", dyn, kAllowMarked), Param("start_index", Type::Number()),
                      Param("end_index", Type::Number())},
                     SliceType, Slice);
  (*t)["zipmap"] = Fn({Param("keys", Type::List(Type::String()), kAllowMarked), Param("values", dyn, kAllowMarked)},
                      ZipmapType, Zipmap);
  (*t)["range"] = Fn({}, Param("params", Type::Number()), Static(Type::List(Type::Number())),
                     [](const Args& a, const Type&) { return Range(a); });
  const Type set_dyn = Type::Set(dyn);
  (*t)["setunion"] = Fn({Param("first_set", set_dyn, kAllowDynamic)}, Param("other_sets", set_dyn, kAllowDynamic),
                        SetOpType, [](const Args& a, const Type& r) { return SetOperation(a, r, SetOp::kUnion); });
  (*t)["setintersection"] =
      Fn({Param("first_set", set_dyn, kAllowDynamic)}, Param("other_sets", set_dyn, kAllowDynamic), SetOpType,
         [](const Args& a, const Type& r) { return SetOperation(a, r, SetOp::kIntersection); });
  (*t)["setsubtract"] = Fn({Param("a", set_dyn, kAllowDynamic), Param("b", set_dyn, kAllowDynamic)}, SetOpType,
                           [](const Args& a, const Type& r) { return SetOperation(a, r, SetOp::kSubtract); });
  (*t)["setproduct"] = Fn({}, Param("sets", dyn, kAllowMarked), SetProductType, SetProduct);
  (*t)["sum"] = Fn({Param("list", dyn)}, Static(Type::Number()), [](const Args& a, const Type&) { return Sum(a); });
  (*t)["transpose"] = Fn({Param("values", Type::Map(Type::List(Type::String())))},
                         Static(Type::Map(Type::List(Type::String()))), Transpose);
  (*t)["matchkeys"] = Fn({Param("values", Type::List(dyn)), Param("keys", Type::List(dyn)),
                          Param("searchset", Type::List(dyn))},
                         [](const Args& a) -> FuncResult<Type> {
                           if (!cty::UnifyUnsafe({a[1].type(), a[2].type()})) {
                             return Err("keys and searchset must be of the same type");
                           }
                           return a[0].type();
                         },
                         Matchkeys);
  (*t)["one"] = Fn({Param("list", dyn)}, OneType, One, false);
  (*t)["coalesce"] = Fn({}, Param("vals", dyn, kAllowUnknown | kAllowDynamic | kAllowNull),
                        [](const Args& a) -> FuncResult<Type> {
                          std::vector<Type> tys;
                          for (const Value& v : a) tys.push_back(v.type());
                          auto u = cty::UnifyUnsafe(tys);
                          if (!u) return Err("all arguments must have the same type");
                          return *u;
                        },
                        Coalesce);
  (*t)["coalescelist"] =
      Fn({}, Param("vals", dyn, kAllowUnknown | kAllowDynamic | kAllowNull), CoalesceListType, CoalesceList, false);
  (*t)["compact"] = Fn({Param("list", Type::List(Type::String()))}, Static(Type::List(Type::String())), Compact);
  (*t)["index"] = Fn({Param("list", dyn), Param("value", dyn)}, Static(Type::Number()),
                     [](const Args& a, const Type&) { return Index(a); });
  (*t)["sort"] = Fn({Param("list", Type::List(Type::String()))}, Static(Type::List(Type::String())), Sort);
  (*t)["alltrue"] = Fn({Param("list", Type::List(Type::Bool()))}, Static(Type::Bool()),
                       [](const Args& a, const Type&) { return AllAnyTrue(a, true); });
  (*t)["anytrue"] = Fn({Param("list", Type::List(Type::Bool()))}, Static(Type::Bool()),
                       [](const Args& a, const Type&) { return AllAnyTrue(a, false); });
}

}  // namespace funcs::internal
