// Evaluation of native-syntax expressions (hclsyntax expression*.go, ops.go).
#include <algorithm>
#include <cstdio>
#include <set>

#include "cty/convert.h"
#include "hcl/expression.h"

namespace hcl {
namespace {

using cty::Type;
using V = cty::Value;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out + "\"";
}

Diagnostic Err(std::string summary, std::string detail, const Range& subject,
               std::optional<Range> context = std::nullopt) {
  Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.subject = subject;
  d.context = std::move(context);
  return d;
}

std::string AnonKey(const void* p) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "\x01" "anon:%p", p);
  return buf;
}

bool IsSequence(const Type& t) { return t.IsList() || t.IsTuple() || t.IsSet(); }

}  // namespace

// hcl.Index: index a collection by a key value.
Evaluated IndexValue(const V& coll_in, const V& key_in, const Range& rng) {
  Evaluated out;
  auto fail = [&](std::string summary, std::string detail) {
    out.diags.Add(Err(std::move(summary), std::move(detail), rng));
    out.value = V::DynamicVal();
    return out;
  };
  if (coll_in.IsNull()) return fail("Attempt to index null value", "This value is null, so it does not have any indices.");
  if (key_in.IsNull()) return fail("Invalid index", "Can't use a null value as an indexing key.");
  cty::Marks marks = coll_in.marks() | key_in.marks();
  V coll = coll_in.Unmark();
  V key = key_in.Unmark();
  const Type& ty = coll.type();
  if (key.type().IsDynamic() || ty.IsDynamic()) {
    out.value = V::DynamicVal();
    return out;
  }
  if (ty.IsList() || ty.IsTuple() || ty.IsMap()) {
    auto conv = cty::Convert(key, ty.IsMap() ? Type::String() : Type::Number());
    if (!conv.ok())
      return fail("Invalid index", "The given key does not identify an element in this collection value: " +
                                       conv.error().message + ".");
    key = conv.value();
    if (!coll.IsKnown() || !key.IsKnown()) {
      out.value = ty.IsTuple() ? V::DynamicVal() : V::Unknown(ty.element()).Mark(marks);
      return out;
    }
    if (ty.IsMap()) {
      auto it = coll.MapElements().find(key.AsString());
      if (it == coll.MapElements().end())
        return fail("Invalid index", "The given key does not identify an element in this collection value.");
      out.value = it->second.Mark(marks);
      return out;
    }
    const cty::Number& n = key.AsNumber();
    size_t len = coll.LengthInt();
    auto idx = n.ToInt64();
    if (!n.IsInteger())
      return fail("Invalid index", "The given key does not identify an element in this collection value: indexing a "
                                   "sequence requires a whole number, but the given index has a fractional part.");
    if (n.IsNegative())
      return fail("Invalid index", "The given key does not identify an element in this collection value: a negative "
                                   "number is not a valid index for a sequence.");
    if (!idx || static_cast<uint64_t>(*idx) >= len) {
      if (len == 0)
        return fail("Invalid index",
                    "The given key does not identify an element in this collection value: the collection has no elements.");
      return fail("Invalid index", "The given key does not identify an element in this collection value: the given "
                                   "index is greater than or equal to the length of the collection.");
    }
    out.value = coll.Elements()[static_cast<size_t>(*idx)].Mark(marks);
    return out;
  }
  if (ty.IsObject()) {
    bool was_number = key.type().kind() == cty::Kind::kNumber;
    auto conv = cty::Convert(key, Type::String());
    if (!conv.ok())
      return fail("Invalid index", "The given key does not identify an element in this collection value: " +
                                       conv.error().message + ".");
    if (!coll.IsKnown() || !conv.value().IsKnown()) {
      out.value = V::DynamicVal();
      return out;
    }
    const std::string& name = conv.value().AsString();
    if (!ty.HasAttribute(name))
      return fail("Invalid index", std::string("The given key does not identify an element in this collection value.") +
                                       (was_number ? " An object only supports looking up attributes by name, not by "
                                                     "numeric index."
                                                   : ""));
    out.value = coll.GetAttr(name).Mark(marks);
    return out;
  }
  if (ty.IsSet())
    return fail("Invalid index",
                "Elements of a set are identified only by their value and don't have any separate index or key to "
                "select with, so it's only possible to perform operations across all elements of the set.");
  return fail("Invalid index", "This value does not have any indices.");
}

// hcl.GetAttr.
Evaluated GetAttrValue(const V& obj_in, const std::string& name, const Range& rng) {
  Evaluated out;
  auto fail = [&](std::string summary, std::string detail) {
    out.diags.Add(Err(std::move(summary), std::move(detail), rng));
    out.value = V::DynamicVal();
    return out;
  };
  if (obj_in.IsNull())
    return fail("Attempt to get attribute from null value", "This value is null, so it does not have any attributes.");
  cty::Marks marks = obj_in.marks();
  V obj = obj_in.Unmark();
  const Type& ty = obj.type();
  if (ty.IsObject()) {
    if (!ty.HasAttribute(name))
      return fail("Unsupported attribute", "This object does not have an attribute named " + Quote(name) + ".");
    out.value = obj.IsKnown() ? obj.GetAttr(name).Mark(marks) : V::Unknown(ty.attribute(name)).Mark(marks);
    return out;
  }
  if (ty.IsMap()) {
    if (!obj.IsKnown()) {
      out.value = V::Unknown(ty.element()).Mark(marks);
      return out;
    }
    auto it = obj.MapElements().find(name);
    if (it == obj.MapElements().end())
      return fail("Missing map element", "This map does not have an element with the key " + Quote(name) + ".");
    out.value = it->second.Mark(marks);
    return out;
  }
  if (ty.IsDynamic()) {
    out.value = V::DynamicVal();
    return out;
  }
  if (ty.IsList() && ty.element().IsObject()) {
    if (ty.element().HasAttribute(name))
      return fail("Unsupported attribute",
                  "Can't access attributes on a list of objects. Did you mean to access attribute " + Quote(name) +
                      " for a specific element of the list, or across all elements of the list?");
    return fail("Unsupported attribute",
                "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific "
                "element of the list, or across all elements of the list?");
  }
  if (ty.IsSet() && ty.element().IsObject())
    return fail("Unsupported attribute",
                "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements "
                "of the set?");
  if (ty.IsPrimitive())
    return fail("Unsupported attribute",
                "Can't access attributes on a primitive-typed value (" + ty.FriendlyName() + ").");
  return fail("Unsupported attribute", "This value does not have any attributes.");
}

namespace {

Evaluated ApplySteps(V val, const std::vector<TraverseStep>& steps, size_t from) {
  Evaluated out;
  for (size_t k = from; k < steps.size(); ++k) {
    const TraverseStep& s = steps[k];
    Evaluated r = s.kind == TraverseStep::Kind::kIndex ? IndexValue(val, s.key, s.range)
                                                       : GetAttrValue(val, s.name, s.range);
    out.diags.Append(std::move(r.diags));
    val = r.value;
    if (out.diags.HasErrors()) break;
  }
  out.value = val;
  return out;
}

void CollectNames(const EvalContext* ctx, std::vector<std::string>* names, bool functions) {
  for (; ctx; ctx = ctx->parent) {
    if (functions) {
      for (const auto& [k, _] : ctx->functions) names->push_back(k);
      for (const auto& [k, _] : ctx->closure_functions) names->push_back(k);
    } else
      for (const auto& [k, _] : ctx->variables)
        if (!k.empty() && k[0] != '\x01') names->push_back(k);
  }
}

}  // namespace

// ---- EvalContext ----

const cty::Value* EvalContext::LookupVariable(const std::string& name) const {
  for (const EvalContext* c = this; c; c = c->parent) {
    auto it = c->variables.find(name);
    if (it != c->variables.end()) return &it->second;
  }
  return nullptr;
}

const cty::Function* EvalContext::LookupFunction(const std::string& name) const {
  for (const EvalContext* c = this; c; c = c->parent) {
    if (c->closure_functions.count(name)) return nullptr;  // shadowed by a closure function
    auto it = c->functions.find(name);
    if (it != c->functions.end()) return &it->second;
  }
  return nullptr;
}

const ClosureFunction* EvalContext::LookupClosureFunction(const std::string& name) const {
  for (const EvalContext* c = this; c; c = c->parent) {
    auto it = c->closure_functions.find(name);
    if (it != c->closure_functions.end()) return &it->second;
    if (c->functions.count(name)) return nullptr;  // a nearer plain function shadows it
  }
  return nullptr;
}

const PartialEvaluation* EvalContext::LookupPartial() const {
  for (const EvalContext* c = this; c; c = c->parent)
    if (c->partial.defer_root) return &c->partial;
  return nullptr;
}

EvalContext EvalContext::NewChild() const {
  EvalContext c;
  c.parent = this;
  return c;
}

Range Traversal::SourceRange() const {
  if (steps.empty()) return Range{};
  return Range::Between(steps.front().range, steps.back().range);
}

// ---- Nodes ----

Evaluated LiteralValueExpr::Value(const EvalContext*) const { return {val, {}}; }

Evaluated TraverseAbs(const Traversal& traversal, const EvalContext* ctx) {
  Evaluated out;
  if (traversal.IsRelative()) {
    out.value = V::DynamicVal();
    return out;
  }
  const TraverseStep& root = traversal.steps[0];
  if (ctx == nullptr) {
    out.diags.Add(Err("Variables not allowed", "Variables may not be used here.", root.range));
    out.value = V::DynamicVal();
    return out;
  }
  const PartialEvaluation* partial = ctx->LookupPartial();
  auto deferred = [&]() -> bool {
    if (partial == nullptr || !partial->defer_root(root.name)) return false;
    if (partial->deferred) partial->deferred->push_back(traversal);
    return true;
  };
  const V* v = ctx->LookupVariable(root.name);
  if (v == nullptr) {
    if (deferred()) return {V::DynamicVal(), {}};
    std::vector<std::string> names;
    CollectNames(ctx, &names, false);
    std::string detail = "There is no variable named " + Quote(root.name) + ".";
    if (names.empty()) {
      out.diags.Add(Err("Variables not allowed", "Variables may not be used here.", root.range));
    } else {
      std::string s = NameSuggestion(root.name, names);
      if (!s.empty()) detail += " Did you mean " + Quote(s) + "?";
      out.diags.Add(Err("Unknown variable", detail, root.range));
    }
    out.value = V::DynamicVal();
    return out;
  }
  out = ApplySteps(*v, traversal.steps, 1);
  if (out.diags.HasErrors() && deferred()) return {V::DynamicVal(), {}};
  return out;
}

Evaluated ScopeTraversalExpr::Value(const EvalContext* ctx) const { return TraverseAbs(traversal, ctx); }

Evaluated ExpressionClosure::Value() const {
  if (expression == nullptr) return {V::DynamicVal(), {}};
  return expression->Value(context);
}

PartialResult EvalPartial(const Expression& expr, const EvalContext& ctx,
                          std::function<bool(const std::string& root_name)> defer_root) {
  PartialResult out;
  EvalContext child = ctx.NewChild();
  child.partial.defer_root = std::move(defer_root);
  child.partial.deferred = &out.deferred;
  if (!child.partial.defer_root) child.partial.defer_root = [](const std::string&) { return false; };
  Evaluated r = expr.Value(&child);
  out.value = std::move(r.value);
  out.diags = std::move(r.diags);
  return out;
}

Evaluated RelativeTraversalExpr::Value(const EvalContext* ctx) const {
  Evaluated src = source->Value(ctx);
  Evaluated out = ApplySteps(src.value, traversal.steps, 0);
  src.diags.Append(std::move(out.diags));
  return {out.value, std::move(src.diags)};
}

Evaluated AnonSymbolExpr::Value(const EvalContext* ctx) const {
  if (ctx == nullptr) return {V::DynamicVal(), {}};
  const V* v = ctx->LookupVariable(AnonKey(this));
  return {v ? *v : V::DynamicVal(), {}};
}

Evaluated ParenthesesExpr::Value(const EvalContext* ctx) const { return expr->Value(ctx); }

Evaluated IndexExpr::Value(const EvalContext* ctx) const {
  Evaluated c = collection->Value(ctx);
  Evaluated k = key->Value(ctx);
  c.diags.Append(std::move(k.diags));
  if (c.diags.HasErrors()) return {V::DynamicVal(), std::move(c.diags)};
  Evaluated r = IndexValue(c.value, k.value, bracket_range);
  c.diags.Append(std::move(r.diags));
  return {r.value, std::move(c.diags)};
}

Evaluated TupleConsExpr::Value(const EvalContext* ctx) const {
  Evaluated out;
  std::vector<V> vals;
  vals.reserve(exprs.size());
  for (const auto& e : exprs) {
    Evaluated r = e->Value(ctx);
    out.diags.Append(std::move(r.diags));
    vals.push_back(std::move(r.value));
  }
  out.value = V::Tuple(std::move(vals));
  return out;
}

std::optional<std::string> ObjectConsKeyExpr::LiteralName() const {
  if (force_non_literal) return std::nullopt;
  if (wrapped->kind() == ExprKind::kLiteral) {
    // The parser turned the keywords null/true/false into literals; as a key
    // they are names (hcl's LiteralValueExpr.AsTraversal).
    const cty::Value& v = static_cast<const LiteralValueExpr*>(wrapped.get())->val;
    if (v.IsNull()) return "null";
    if (v.RawEquals(cty::Value::True())) return "true";
    if (v.RawEquals(cty::Value::False())) return "false";
    return std::nullopt;
  }
  if (wrapped->kind() != ExprKind::kScopeTraversal) return std::nullopt;
  const auto& t = static_cast<const ScopeTraversalExpr*>(wrapped.get())->traversal;
  if (t.steps.size() != 1) return std::nullopt;
  return t.steps[0].name;
}

Evaluated ObjectConsKeyExpr::Value(const EvalContext* ctx) const {
  if (auto name = LiteralName()) return {V::String(*name), {}};
  return wrapped->Value(ctx);
}

Evaluated ObjectConsExpr::Value(const EvalContext* ctx) const {
  Evaluated out;
  std::map<std::string, V> attrs;
  bool known = true;
  cty::Marks marks = 0;
  for (const auto& item : items) {
    Evaluated k = item.key->Value(ctx);
    Evaluated v = item.value->Value(ctx);
    out.diags.Append(std::move(k.diags));
    out.diags.Append(std::move(v.diags));
    if (k.value.IsNull()) {
      out.diags.Add(Err("Null value as key", "Can't use a null value as a key.", item.key->range()));
      known = false;
      continue;
    }
    auto conv = cty::Convert(k.value, Type::String());
    if (!conv.ok()) {
      out.diags.Add(Err("Incorrect key type", "Can't use this value as a key: " + conv.error().message + ".",
                        item.key->range()));
      known = false;
      continue;
    }
    if (!conv.value().IsKnown()) {
      known = false;
      continue;
    }
    marks |= conv.value().marks();
    attrs[conv.value().Unmark().AsString()] = v.value;
  }
  if (!known) {
    out.value = V::DynamicVal();
    return out;
  }
  out.value = V::Object(std::move(attrs)).Mark(marks);
  return out;
}

bool TemplateExpr::IsStringLiteral() const {
  return parts.size() == 1 && parts[0]->kind() == ExprKind::kLiteral &&
         static_cast<const LiteralValueExpr*>(parts[0].get())->val.type() == Type::String();
}

Evaluated TemplateExpr::Value(const EvalContext* ctx) const {
  Evaluated out;
  std::string buf;
  bool known = true;
  cty::Marks marks = 0;
  for (const auto& part : parts) {
    Evaluated r = part->Value(ctx);
    out.diags.Append(std::move(r.diags));
    if (r.value.IsNull()) {
      out.diags.Add(Err("Invalid template interpolation value",
                        "The expression result is null. Cannot include a null value in a string template.",
                        part->range(), range()));
      continue;
    }
    if (!r.value.IsKnown()) {
      known = false;
      marks |= r.value.marks();
      continue;
    }
    auto conv = cty::Convert(r.value, Type::String());
    if (!conv.ok()) {
      out.diags.Add(Err("Invalid template interpolation value",
                        "Cannot include the given value in a string template: " + conv.error().message + ".",
                        part->range(), range()));
      continue;
    }
    if (!conv.value().IsKnown()) {
      known = false;
      continue;
    }
    marks |= conv.value().marks();
    buf += conv.value().Unmark().AsString();
  }
  if (!known || out.diags.HasErrors()) {
    out.value = V::Unknown(Type::String()).Mark(marks);
    return out;
  }
  out.value = V::String(buf).Mark(marks);
  return out;
}

Evaluated TemplateWrapExpr::Value(const EvalContext* ctx) const { return wrapped->Value(ctx); }

Evaluated TemplateJoinExpr::Value(const EvalContext* ctx) const {
  Evaluated out = tuple->Value(ctx);
  V t = out.value;
  if (t.IsNull()) {
    out.diags.Add(Err("Invalid template join", "Cannot join a null value.", range()));
    out.value = V::Unknown(Type::String());
    return out;
  }
  cty::Marks marks = t.marks();
  t = t.Unmark();
  if (!t.IsKnown() || t.type().IsDynamic()) {
    out.value = V::Unknown(Type::String()).Mark(marks);
    return out;
  }
  std::string buf;
  bool known = true;
  for (const V& e : t.Elements()) {
    if (e.IsNull()) {
      out.diags.Add(Err("Invalid template interpolation value",
                        "An iteration result is null. Cannot include a null value in a string template.", range()));
      continue;
    }
    if (!e.IsKnown()) {
      known = false;
      marks |= e.marks();
      continue;
    }
    auto conv = cty::Convert(e, Type::String());
    if (!conv.ok()) {
      out.diags.Add(Err("Invalid template interpolation value",
                        "Cannot include one of the interpolation results into the string template: " +
                            conv.error().message + ".",
                        range()));
      continue;
    }
    if (!conv.value().IsKnown()) {
      known = false;
      continue;
    }
    marks |= conv.value().marks();
    buf += conv.value().Unmark().AsString();
  }
  if (!known || out.diags.HasErrors()) {
    out.value = V::Unknown(Type::String()).Mark(marks);
    return out;
  }
  out.value = V::String(buf).Mark(marks);
  return out;
}

void ForExpr::WalkChildren(const std::function<void(const Expression&)>& fn) const {
  fn(*coll_expr);
  if (key_expr) fn(*key_expr);
  fn(*val_expr);
  if (cond_expr) fn(*cond_expr);
}

Evaluated ForExpr::Value(const EvalContext* ctx) const {
  Evaluated out = coll_expr->Value(ctx);
  V coll = out.value;
  if (out.diags.HasErrors()) return {V::DynamicVal(), std::move(out.diags)};
  if (coll.IsNull()) {
    out.diags.Add(Err("Iteration over null value", "A null value cannot be used as the collection in a 'for' expression.",
                      coll_expr->range(), range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  if (coll.type().IsDynamic()) return {V::DynamicVal(), std::move(out.diags)};
  const Type& ct = coll.type();
  if (!(ct.IsList() || ct.IsSet() || ct.IsTuple() || ct.IsMap() || ct.IsObject())) {
    out.diags.Add(Err("Iteration over non-iterable value",
                      "A value of type " + ct.FriendlyName() + " cannot be used as the collection in a 'for' expression.",
                      coll_expr->range(), range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  if (!coll.IsKnown()) return {V::DynamicVal(), std::move(out.diags)};
  cty::Marks marks = coll.marks();
  coll = coll.Unmark();

  std::vector<std::pair<V, V>> elems;  // key, value
  if (ct.IsMap() || ct.IsObject()) {
    for (const auto& [k, v] : coll.Attributes()) elems.emplace_back(V::String(k), v);
  } else if (ct.IsSet()) {
    for (const auto& v : coll.Elements()) elems.emplace_back(v, v);
  } else {
    int64_t i = 0;
    for (const auto& v : coll.Elements()) elems.emplace_back(V::Int(i++), v);
  }

  bool known = true;
  std::vector<V> tuple_vals;
  std::map<std::string, V> obj_vals;
  std::map<std::string, std::vector<V>> groups;
  EvalContext child;
  child.parent = ctx;
  for (auto& [k, v] : elems) {
    child.variables.clear();
    if (!key_var.empty()) child.variables[key_var] = k;
    child.variables[val_var] = v;
    if (cond_expr) {
      Evaluated c = cond_expr->Value(&child);
      out.diags.Append(std::move(c.diags));
      if (c.value.IsNull()) {
        out.diags.Add(Err("Condition is null", "The value of the 'if' clause must not be null.", cond_expr->range(),
                          range()));
        known = false;
        continue;
      }
      auto b = cty::Convert(c.value, Type::Bool());
      if (!b.ok()) {
        out.diags.Add(Err("Invalid 'for' condition", "The 'if' clause value is invalid: " + b.error().message + ".",
                          cond_expr->range(), range()));
        known = false;
        continue;
      }
      if (!b.value().IsKnown()) {
        known = false;
        continue;
      }
      marks |= b.value().marks();
      if (!b.value().Unmark().AsBool()) continue;
    }
    if (key_expr) {
      Evaluated kr = key_expr->Value(&child);
      out.diags.Append(std::move(kr.diags));
      Evaluated vr = val_expr->Value(&child);
      out.diags.Append(std::move(vr.diags));
      if (kr.value.IsNull()) {
        out.diags.Add(Err("Invalid object key", "Key expression in 'for' expression must not produce a null value.",
                          key_expr->range(), range()));
        known = false;
        continue;
      }
      auto ks = cty::Convert(kr.value, Type::String());
      if (!ks.ok()) {
        out.diags.Add(Err("Invalid object key", "The key expression produced an invalid result: " + ks.error().message + ".",
                          key_expr->range(), range()));
        known = false;
        continue;
      }
      if (!ks.value().IsKnown()) {
        known = false;
        continue;
      }
      marks |= ks.value().marks();
      std::string key = ks.value().Unmark().AsString();
      if (group) {
        groups[key].push_back(vr.value);
      } else {
        if (obj_vals.count(key)) {
          out.diags.Add(Err("Duplicate object key",
                            "Two different items produced the key " + Quote(key) +
                                " in this 'for' expression. If duplicates are expected, use the ellipsis (...) after "
                                "the value expression to enable grouping by key.",
                            key_expr->range(), range()));
          continue;
        }
        obj_vals[key] = vr.value;
      }
    } else {
      Evaluated vr = val_expr->Value(&child);
      out.diags.Append(std::move(vr.diags));
      tuple_vals.push_back(vr.value);
    }
  }
  if (!known || out.diags.HasErrors()) {
    out.value = V::DynamicVal().Mark(marks);
    return out;
  }
  if (key_expr) {
    if (group)
      for (auto& [k, vs] : groups) obj_vals[k] = V::Tuple(std::move(vs));
    out.value = V::Object(std::move(obj_vals)).Mark(marks);
  } else {
    out.value = V::Tuple(std::move(tuple_vals)).Mark(marks);
  }
  return out;
}

Evaluated SplatExpr::Value(const EvalContext* ctx) const {
  Evaluated out = source->Value(ctx);
  if (out.diags.HasErrors()) return {V::DynamicVal(), std::move(out.diags)};
  V src = out.value;
  Type st = src.type();
  bool auto_upgrade = !IsSequence(st);
  if (src.IsNull()) {
    if (auto_upgrade) return {V::EmptyTuple(), std::move(out.diags)};
    out.diags.Add(Err("Splat of null value", "Splat expressions (with the * symbol) cannot be applied to null sequences.",
                      source->range(), Range::Between(source->range(), marker_range)));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  if (st.IsDynamic()) return {V::DynamicVal(), std::move(out.diags)};
  bool upgraded_unknown = false;
  if (auto_upgrade) {
    upgraded_unknown = !src.IsKnown();
    src = V::Tuple({src});
    st = src.type();
  }
  EvalContext child;
  child.parent = ctx;
  const std::string key = AnonKey(item);
  auto result_type = [&]() -> Type {
    if (st.IsList() || st.IsSet()) {
      child.variables[key] = V::Unknown(st.element());
      Evaluated r = each->Value(&child);
      return Type::List(r.value.type());
    }
    if (st.IsTuple()) {
      std::vector<Type> tys;
      for (const Type& et : st.tuple_elements()) {
        child.variables[key] = V::Unknown(et);
        Evaluated r = each->Value(&child);
        tys.push_back(r.value.type());
      }
      return Type::Tuple(std::move(tys));
    }
    return Type::Dynamic();
  };
  if (!src.IsKnown()) {
    out.value = V::Unknown(result_type());
    return out;
  }
  cty::Marks marks = src.marks();
  src = src.Unmark();
  std::vector<V> vals;
  bool known = true;
  for (const V& e : src.Elements()) {
    child.variables[key] = e;
    Evaluated r = each->Value(&child);
    if (r.diags.HasErrors()) known = false;
    out.diags.Append(std::move(r.diags));
    vals.push_back(r.value);
  }
  if (upgraded_unknown) return {V::DynamicVal(), std::move(out.diags)};
  if (!known) {
    out.value = V::Unknown(result_type());
    return out;
  }
  if (st.IsList() || st.IsSet()) {
    if (vals.empty()) {
      out.value = V::EmptyList(result_type().element());
      return out;
    }
    std::vector<Type> tys;
    for (const auto& v : vals) tys.push_back(v.type());
    auto unified = cty::Unify(tys);
    if (unified) {
      for (auto& v : vals) {
        auto c = cty::Convert(v, *unified);
        if (c.ok()) v = c.value();
      }
      out.value = V::List(*unified, std::move(vals)).Mark(marks);
      return out;
    }
  }
  out.value = V::Tuple(std::move(vals)).Mark(marks);
  return out;
}

// ---- Conditional ----

Evaluated ConditionalExpr::Value(const EvalContext* ctx) const {
  Evaluated t = true_result->Value(ctx);
  Evaluated f = false_result->Value(ctx);
  Evaluated out;
  Type result_type = Type::Dynamic();
  bool conv_true = false, conv_false = false;
  V dyn_null = V::Null(Type::Dynamic());
  if (t.value.RawEquals(dyn_null)) {
    result_type = f.value.type();
    conv_true = true;
  } else if (f.value.RawEquals(dyn_null)) {
    result_type = t.value.type();
    conv_false = true;
  } else if (t.value.type().IsDynamic() || f.value.type().IsDynamic()) {
  } else {
    auto u = cty::UnifyUnsafe({t.value.type(), f.value.type()});
    if (!u) {
      out.diags.Add(Err("Inconsistent conditional result types",
                        "The true and false result expressions must have consistent types. The 'true' value is " +
                            t.value.type().FriendlyName() + ", but the 'false' value is " +
                            f.value.type().FriendlyName() + ".",
                        Range::Between(true_result->range(), false_result->range()), range()));
      return {V::DynamicVal(), std::move(out.diags)};
    }
    result_type = *u;
    conv_true = t.value.type() != *u;
    conv_false = f.value.type() != *u;
  }
  Evaluated c = condition->Value(ctx);
  out.diags.Append(std::move(c.diags));
  if (c.value.IsNull()) {
    out.diags.Add(Err("Null condition", "The condition value is null. Conditions must either be true or false.",
                      condition->range(), range()));
    return {V::Unknown(result_type), std::move(out.diags)};
  }
  if (!c.value.IsKnown()) return {V::Unknown(result_type).Mark(c.value.marks()), std::move(out.diags)};
  auto cb = cty::Convert(c.value, Type::Bool());
  if (!cb.ok()) {
    out.diags.Add(Err("Incorrect condition type", "The condition expression must be of type bool.", condition->range(),
                      range()));
    return {V::Unknown(result_type), std::move(out.diags)};
  }
  cty::Marks cm = cb.value().marks();
  bool which = cb.value().Unmark().AsBool();
  Evaluated& chosen = which ? t : f;
  bool conv = which ? conv_true : conv_false;
  out.diags.Append(std::move(chosen.diags));
  V result = chosen.value;
  if (conv) {
    auto r = cty::Convert(result, result_type);
    if (!r.ok()) {
      out.diags.Add(Err("Inconsistent conditional result types",
                        std::string("The ") + (which ? "true" : "false") + " result value has the wrong type: " +
                            r.error().message + ".",
                        (which ? true_result : false_result)->range(), range()));
      result = V::Unknown(result_type);
    } else {
      result = r.value();
    }
  }
  return {result.Mark(cm), std::move(out.diags)};
}

// ---- Operators ----

namespace {

struct OpInfo {
  Type param;
  Type result;
};

OpInfo InfoFor(Operation op) {
  switch (op) {
    case Operation::kOr: case Operation::kAnd: case Operation::kLogicalNot:
      return {Type::Bool(), Type::Bool()};
    case Operation::kEqual: case Operation::kNotEqual:
      return {Type::Dynamic(), Type::Bool()};
    case Operation::kGreaterThan: case Operation::kGreaterThanOrEqual: case Operation::kLessThan:
    case Operation::kLessThanOrEqual:
      return {Type::Number(), Type::Bool()};
    default:
      return {Type::Number(), Type::Number()};
  }
}

cty::Result<V> ApplyBinary(Operation op, const V& a, const V& b) {
  // Equality accepts null and unknown operands (stdlib EqualFunc).
  if (op == Operation::kEqual || op == Operation::kNotEqual) {
    V eq = a.Equals(b);
    if (op == Operation::kNotEqual && eq.IsKnown()) {
      cty::Marks m = eq.marks();
      eq = V::Bool(!eq.Unmark().AsBool()).Mark(m);
    } else if (op == Operation::kNotEqual) {
      eq = V::Unknown(Type::Bool()).Mark(eq.marks());
    }
    return eq;
  }
  if (a.IsNull() || b.IsNull()) return cty::Result<V>::Fail("argument must not be null");
  cty::Marks marks = a.marks() | b.marks();
  Type rt = InfoFor(op).result;
  if (!a.IsKnown() || !b.IsKnown()) return V::Unknown(rt).Mark(marks);
  V x = a.Unmark(), y = b.Unmark();
  switch (op) {
    case Operation::kOr: return V::Bool(x.AsBool() || y.AsBool()).Mark(marks);
    case Operation::kAnd: return V::Bool(x.AsBool() && y.AsBool()).Mark(marks);
    case Operation::kGreaterThan: return V::Bool(x.AsNumber().Compare(y.AsNumber()) > 0).Mark(marks);
    case Operation::kGreaterThanOrEqual: return V::Bool(x.AsNumber().Compare(y.AsNumber()) >= 0).Mark(marks);
    case Operation::kLessThan: return V::Bool(x.AsNumber().Compare(y.AsNumber()) < 0).Mark(marks);
    case Operation::kLessThanOrEqual: return V::Bool(x.AsNumber().Compare(y.AsNumber()) <= 0).Mark(marks);
    default: break;
  }
  const cty::Number& n = x.AsNumber();
  const cty::Number& m = y.AsNumber();
  cty::Result<cty::Number> r = cty::Number();
  switch (op) {
    case Operation::kAdd: r = n.Add(m); break;
    case Operation::kSubtract: r = n.Subtract(m); break;
    case Operation::kMultiply: r = n.Multiply(m); break;
    case Operation::kDivide: r = n.Divide(m); break;
    case Operation::kModulo: r = n.Modulo(m); break;
    default: break;
  }
  if (!r.ok()) return cty::Result<V>(r.error());
  return V::Number(r.value()).Mark(marks);
}

}  // namespace

Evaluated BinaryOpExpr::Value(const EvalContext* ctx) const {
  OpInfo info = InfoFor(op);
  Evaluated l = lhs->Value(ctx);
  Evaluated r = rhs->Value(ctx);
  Evaluated out;
  out.diags.Append(std::move(l.diags));
  out.diags.Append(std::move(r.diags));
  auto lc = cty::Convert(l.value, info.param);
  if (!lc.ok()) {
    out.diags.Add(Err("Invalid operand", "Unsuitable value for left operand: " + lc.error().message + ".",
                      lhs->range(), range()));
  }
  auto rc = cty::Convert(r.value, info.param);
  if (!rc.ok()) {
    out.diags.Add(Err("Invalid operand", "Unsuitable value for right operand: " + rc.error().message + ".",
                      rhs->range(), range()));
  }
  if (out.diags.HasErrors()) return {V::Unknown(info.result), std::move(out.diags)};
  auto res = ApplyBinary(op, lc.value(), rc.value());
  if (!res.ok()) {
    out.diags.Add(Err("Operation failed", "Error during operation: " + res.error().message + ".", range()));
    return {V::Unknown(info.result), std::move(out.diags)};
  }
  out.value = res.value();
  return out;
}

Evaluated UnaryOpExpr::Value(const EvalContext* ctx) const {
  OpInfo info = InfoFor(op);
  Evaluated out = val->Value(ctx);
  auto c = cty::Convert(out.value, info.param);
  if (!c.ok()) {
    out.diags.Add(Err("Invalid operand", "Unsuitable value for unary operand: " + c.error().message + ".", val->range(),
                      range()));
    return {V::Unknown(info.result), std::move(out.diags)};
  }
  V v = c.value();
  if (v.IsNull()) {
    out.diags.Add(Err("Operation failed", "Error during operation: argument must not be null.", range()));
    return {V::Unknown(info.result), std::move(out.diags)};
  }
  cty::Marks marks = v.marks();
  if (!v.IsKnown()) return {V::Unknown(info.result).Mark(marks), std::move(out.diags)};
  v = v.Unmark();
  out.value = op == Operation::kNegate ? V::Number(v.AsNumber().Negate()).Mark(marks) : V::Bool(!v.AsBool()).Mark(marks);
  return out;
}

// ---- Function calls ----

Evaluated FunctionCallExpr::Value(const EvalContext* ctx) const {
  Evaluated out;
  if (ctx == nullptr) {
    out.diags.Add(Err("Function calls not allowed", "Functions may not be called here.", range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  const ClosureFunction* closure_fn = ctx->LookupClosureFunction(name);
  if (closure_fn != nullptr) return CallClosureFunction(*closure_fn, ctx);
  const cty::Function* fn = ctx->LookupFunction(name);
  if (fn == nullptr) {
    std::vector<std::string> names;
    CollectNames(ctx, &names, true);
    std::string detail = "There is no function named " + Quote(name) + ".";
    std::string s = NameSuggestion(name, names);
    if (!s.empty()) detail += " Did you mean " + Quote(s) + "?";
    out.diags.Add(Err("Call to unknown function", detail, name_range, range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  const auto& params = fn->params();
  const auto& var_param = fn->var_param();
  // Evaluate arguments, expanding the final one if asked.
  std::vector<V> argv;
  std::vector<const Expression*> arg_exprs;
  for (size_t k = 0; k < this->args.size(); ++k) {
    Evaluated r = this->args[k]->Value(ctx);
    out.diags.Append(std::move(r.diags));
    if (expand_final && k + 1 == this->args.size()) {
      V v = r.value;
      if (v.IsNull()) {
        out.diags.Add(Err("Invalid expanding argument value",
                          "The expanding argument (indicated by ...) must not be null.", this->args[k]->range(), range()));
        return {V::DynamicVal(), std::move(out.diags)};
      }
      if (v.type().IsDynamic() || !v.IsKnown()) return {V::DynamicVal(), std::move(out.diags)};
      if (!IsSequence(v.type())) {
        out.diags.Add(Err("Invalid expanding argument value",
                          "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                          this->args[k]->range(), range()));
        return {V::DynamicVal(), std::move(out.diags)};
      }
      cty::Marks m = v.marks();
      for (const V& e : v.Unmark().Elements()) {
        argv.push_back(e.Mark(m));
        arg_exprs.push_back(this->args[k].get());
      }
      continue;
    }
    argv.push_back(r.value);
    arg_exprs.push_back(this->args[k].get());
  }
  if (argv.size() < params.size()) {
    const auto& missing = params[argv.size()];
    out.diags.Add(Err("Not enough function arguments",
                      "Function " + Quote(name) + " expects " + (var_param ? "at least " : "") +
                          std::to_string(params.size()) + " argument(s). Missing value for " +
                          Quote(missing.name) + ".",
                      close_paren_range, range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  if (!var_param && argv.size() > params.size()) {
    out.diags.Add(Err("Too many function arguments",
                      "Function " + Quote(name) + " expects only " + std::to_string(params.size()) + " argument(s).",
                      arg_exprs[params.size()]->range(), range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  if (out.diags.HasErrors()) return {V::DynamicVal(), std::move(out.diags)};
  for (size_t k = 0; k < argv.size(); ++k) {
    const cty::Parameter& p = k < params.size() ? params[k] : *var_param;
    auto c = cty::Convert(argv[k], p.type);
    if (!c.ok()) {
      out.diags.Add(Err("Invalid function argument",
                        "Invalid value for " + Quote(p.name) + " parameter: " + c.error().message + ".",
                        arg_exprs[k]->range(), range()));
      continue;
    }
    argv[k] = c.value();
  }
  if (out.diags.HasErrors()) return {V::DynamicVal(), std::move(out.diags)};
  auto result = fn->Call(argv);
  if (!result.ok()) {
    const auto& e = result.error();
    if (e.arg_index >= 0 && static_cast<size_t>(e.arg_index) < argv.size()) {
      size_t k = static_cast<size_t>(e.arg_index);
      const cty::Parameter& p = k < params.size() ? params[k] : *var_param;
      out.diags.Add(Err("Invalid function argument",
                        "Invalid value for " + Quote(p.name) + " parameter: " + e.message + ".",
                        arg_exprs[k]->range(), range()));
    } else {
      out.diags.Add(Err("Error in function call", "Call to function " + Quote(name) + " failed: " + e.message + ".",
                        range(), range()));
    }
    return {V::DynamicVal(), std::move(out.diags)};
  }
  out.value = result.value();
  return out;
}

// hclsyntax's customdecode path: every argument is passed unevaluated, with
// `ctx`; an expanded final argument (f(list...)) passes one literal per
// element.
Evaluated FunctionCallExpr::CallClosureFunction(const ClosureFunction& fn, const EvalContext* ctx) const {
  Evaluated out;
  std::vector<ExprPtr> expanded;  // literal stand-ins for expanded elements
  std::vector<const Expression*> arg_exprs;
  for (size_t k = 0; k < args.size(); ++k) {
    if (!(expand_final && k + 1 == args.size())) {
      arg_exprs.push_back(args[k].get());
      continue;
    }
    Evaluated r = args[k]->Value(ctx);
    out.diags.Append(std::move(r.diags));
    if (out.diags.HasErrors()) return {V::DynamicVal(), std::move(out.diags)};
    const V& v = r.value;
    if (v.IsNull()) {
      out.diags.Add(Err("Invalid expanding argument value", "The expanding argument (indicated by ...) must not be null.",
                        args[k]->range(), range()));
      return {V::DynamicVal(), std::move(out.diags)};
    }
    if (v.type().IsDynamic() || !v.IsKnown()) return {V::DynamicVal(), std::move(out.diags)};
    if (!IsSequence(v.type())) {
      out.diags.Add(Err("Invalid expanding argument value",
                        "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                        args[k]->range(), range()));
      return {V::DynamicVal(), std::move(out.diags)};
    }
    cty::Marks m = v.marks();
    for (const V& e : v.Unmark().Elements()) {
      expanded.push_back(std::make_unique<LiteralValueExpr>(e.Mark(m), args[k]->range()));
      arg_exprs.push_back(expanded.back().get());
    }
  }
  if (arg_exprs.size() < fn.params.size()) {
    out.diags.Add(Err("Not enough function arguments",
                      "Function " + Quote(name) + " expects " + (fn.var_param ? "at least " : "") +
                          std::to_string(fn.params.size()) + " argument(s). Missing value for " +
                          Quote(fn.params[arg_exprs.size()]) + ".",
                      close_paren_range, range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  if (!fn.var_param && arg_exprs.size() > fn.params.size()) {
    out.diags.Add(Err("Too many function arguments",
                      "Function " + Quote(name) + " expects only " + std::to_string(fn.params.size()) + " argument(s).",
                      arg_exprs[fn.params.size()]->StartRange(), range()));
    return {V::DynamicVal(), std::move(out.diags)};
  }
  std::vector<ExpressionClosure> closures;
  closures.reserve(arg_exprs.size());
  for (const Expression* e : arg_exprs) closures.push_back(ExpressionClosure{e, ctx});
  auto result = fn.impl ? fn.impl(closures) : cty::FuncResult<V>(cty::FunctionError{"function has no implementation", -1});
  if (!result.ok()) {
    const auto& e = result.error();
    if (e.arg_index >= 0 && static_cast<size_t>(e.arg_index) < arg_exprs.size()) {
      size_t k = static_cast<size_t>(e.arg_index);
      const std::string& pname = k < fn.params.size() ? fn.params[k] : *fn.var_param;
      out.diags.Add(Err("Invalid function argument", "Invalid value for " + Quote(pname) + " parameter: " + e.message + ".",
                        arg_exprs[k]->StartRange(), range()));
    } else {
      out.diags.Add(Err("Error in function call", "Call to function " + Quote(name) + " failed: " + e.message + ".",
                        range(), range()));
    }
    return {V::DynamicVal(), std::move(out.diags)};
  }
  out.value = result.value();
  return out;
}

// ---- can and try (hcl ext/tryfunc) ----

namespace {

// tryfunc's dependsOnUnknowns: whether a reference in the closure's
// expression resolves to a value that is not wholly known. References that
// fail to resolve are ignored (evaluating the expression reports them).
bool DependsOnUnknowns(const ExpressionClosure& c) {
  if (c.expression == nullptr) return false;
  for (const Traversal& t : Variables(*c.expression)) {
    Evaluated r = TraverseAbs(t, c.context);
    if (r.diags.HasErrors()) continue;
    if (!r.value.IsWhollyKnown()) return true;
  }
  return false;
}

cty::FuncResult<V> Try(const std::vector<ExpressionClosure>& args) {
  if (args.empty()) return cty::FunctionError{"at least one argument is required", -1};
  Diagnostics diags;
  for (const ExpressionClosure& c : args) {
    if (DependsOnUnknowns(c)) return V::DynamicVal();
    Evaluated r = c.Value();
    bool failed = r.diags.HasErrors();
    diags.Append(std::move(r.diags));
    if (!failed) return r.value;  // diagnostics of earlier attempts are dropped
  }
  std::string msg = "no expression succeeded:\n";
  for (const Diagnostic& d : diags) {
    if (d.subject) {
      msg += "- " + d.summary + " (at " + d.subject->ToString() + ")\n  " + d.detail + "\n";
    } else {
      msg += "- " + d.summary + "\n  " + d.detail + "\n";
    }
  }
  msg += "\nAt least one expression must produce a successful result";
  return cty::FunctionError{std::move(msg), -1};
}

cty::FuncResult<V> Can(const std::vector<ExpressionClosure>& args) {
  if (args.size() != 1) return cty::FunctionError{"exactly one argument is required", -1};
  if (DependsOnUnknowns(args[0])) return V::Unknown(Type::Bool());
  Evaluated r = args[0].Value();
  return V::Bool(!r.diags.HasErrors());
}

}  // namespace

ClosureFunctionTable TryFunctions() {
  ClosureFunction try_fn;
  try_fn.var_param = "expressions";
  try_fn.impl = Try;
  ClosureFunction can_fn;
  can_fn.params = {"expression"};
  can_fn.impl = Can;
  ClosureFunctionTable t;
  t["try"] = try_fn;
  t["can"] = can_fn;
  t["core::try"] = try_fn;
  t["core::can"] = can_fn;
  return t;
}

// ---- Static analysis ----

namespace {

void CollectVariables(const Expression& e, std::set<std::string>& locals, std::vector<Traversal>& out) {
  switch (e.kind()) {
    case ExprKind::kScopeTraversal: {
      const auto& t = static_cast<const ScopeTraversalExpr&>(e).traversal;
      if (!locals.count(t.RootName())) out.push_back(t);
      return;
    }
    case ExprKind::kObjectConsKey: {
      const auto& k = static_cast<const ObjectConsKeyExpr&>(e);
      if (k.LiteralName()) return;
      CollectVariables(*k.wrapped, locals, out);
      return;
    }
    case ExprKind::kFor: {
      const auto& f = static_cast<const ForExpr&>(e);
      CollectVariables(*f.coll_expr, locals, out);
      std::set<std::string> inner = locals;
      if (!f.key_var.empty()) inner.insert(f.key_var);
      inner.insert(f.val_var);
      if (f.key_expr) CollectVariables(*f.key_expr, inner, out);
      CollectVariables(*f.val_expr, inner, out);
      if (f.cond_expr) CollectVariables(*f.cond_expr, inner, out);
      return;
    }
    default:
      e.WalkChildren([&](const Expression& c) { CollectVariables(c, locals, out); });
  }
}

}  // namespace

std::vector<Traversal> Variables(const Expression& expr) {
  std::vector<Traversal> out;
  std::set<std::string> locals;
  CollectVariables(expr, locals, out);
  return out;
}

}  // namespace hcl
