// PlanResourceChange machinery: defaults, unknown-marking, plan modifiers,
// requires-replace filtering and the planned-value self-check.
#include <functional>
#include <string>
#include <utility>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/values.h"
#include "internal.h"

namespace framework::internal {
namespace {

// The attributes and (for blocks) nested blocks of an object.
struct Shape {
  const std::map<std::string, Attribute>* attributes = nullptr;
  const std::map<std::string, NestedBlock>* blocks = nullptr;
};

Shape BlockShape(const Block& b) { return Shape{&b.attributes, &b.blocks}; }
Shape NestedShape(const NestedAttributeObject& n) { return Shape{&n.attributes, nullptr}; }

// Attribute `name` of `obj`, tolerating null/unknown objects and values
// that are not objects at all (a missing prior on create).
cty::Value Child(const cty::Value& obj, const std::string& name, const cty::Type& t) {
  if (!obj.type().IsObject() || !obj.type().HasAttribute(name)) return cty::Value::Null(t);
  if (!obj.IsKnown()) return cty::Value::Unknown(t);
  if (obj.IsNull()) return cty::Value::Null(t);
  return obj.GetAttr(name);
}

cty::Value ListElem(const cty::Value& list, size_t i, const cty::Type& et) {
  if (!list.type().IsList()) return cty::Value::Null(et);
  if (!list.IsKnown()) return cty::Value::Unknown(et);
  if (list.IsNull() || i >= list.Elements().size()) return cty::Value::Null(et);
  return list.Elements()[i];
}

cty::Value MapElem(const cty::Value& map, const std::string& key, const cty::Type& et) {
  if (!map.type().IsMap()) return cty::Value::Null(et);
  if (!map.IsKnown()) return cty::Value::Unknown(et);
  if (map.IsNull()) return cty::Value::Null(et);
  auto it = map.MapElements().find(key);
  return it == map.MapElements().end() ? cty::Value::Null(et) : it->second;
}

// Whether `b` (a planned element) corresponds to `a`: a config element it
// could have come from (computed attributes null in `a` match anything) or
// a prior element (only non-computed attributes compared).
bool Corresponds(const Shape& s, const cty::Value& a, const cty::Value& b, bool a_is_config) {
  if (!a.IsKnown() || !b.IsKnown() || a.IsNull() || b.IsNull()) return a.RawEquals(b);
  for (const auto& [name, attr] : *s.attributes) {
    if (attr.write_only) continue;
    cty::Value av = a.GetAttr(name);
    if (attr.computed && (!a_is_config || av.IsNull())) continue;
    if (!av.RawEquals(b.GetAttr(name))) return false;
  }
  if (!s.blocks) return true;
  for (const auto& [name, nb] : *s.blocks) {
    cty::Value av = a.GetAttr(name);
    cty::Value bv = b.GetAttr(name);
    if (!av.IsKnown() || !bv.IsKnown() || av.IsNull() || bv.IsNull()) {
      if (!av.RawEquals(bv)) return false;
      continue;
    }
    Shape inner = BlockShape(*nb.block);
    switch (nb.nesting) {
      case NestingMode::kSingle:
      case NestingMode::kGroup:
        if (!Corresponds(inner, av, bv, a_is_config)) return false;
        break;
      case NestingMode::kList: {
        if (av.Elements().size() != bv.Elements().size()) return false;
        for (size_t i = 0; i < av.Elements().size(); ++i) {
          if (!Corresponds(inner, av.Elements()[i], bv.Elements()[i], a_is_config)) return false;
        }
        break;
      }
      case NestingMode::kMap: {
        if (av.MapElements().size() != bv.MapElements().size()) return false;
        for (const auto& [k, e] : av.MapElements()) {
          auto it = bv.MapElements().find(k);
          if (it == bv.MapElements().end() || !Corresponds(inner, e, it->second, a_is_config)) {
            return false;
          }
        }
        break;
      }
      case NestingMode::kSet:
        if (av.LengthInt() != bv.LengthInt()) return false;
        break;
    }
  }
  return true;
}

using ElemFn = std::function<cty::Value(const cty::Value& cfg, const cty::Value& pri,
                                        const cty::Value& pl, const cty::Path& path)>;

// Applies `fn` to each object of a nested value (the object itself for
// single/group nesting), correlating configuration and prior elements by
// index, key or (sets) correspondence. Set elements keep the set's path.
cty::Value ForEachElement(NestingMode mode, const Shape& shape, const cty::Value& cfg,
                          const cty::Value& pri, const cty::Value& pl, const cty::Path& path,
                          const ElemFn& fn) {
  if (!pl.IsKnown() || pl.IsNull()) return pl;
  switch (mode) {
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      return fn(cfg, pri, pl, path);
    case NestingMode::kList: {
      if (!pl.type().IsList()) return pl;
      const cty::Type& et = pl.type().element();
      std::vector<cty::Value> out;
      out.reserve(pl.Elements().size());
      for (size_t i = 0; i < pl.Elements().size(); ++i) {
        out.push_back(fn(ListElem(cfg, i, et), ListElem(pri, i, et), pl.Elements()[i],
                         path.Index(static_cast<int64_t>(i))));
      }
      return cty::Value::List(et, std::move(out));
    }
    case NestingMode::kMap: {
      if (!pl.type().IsMap()) return pl;
      const cty::Type& et = pl.type().element();
      std::map<std::string, cty::Value> out;
      for (const auto& [k, e] : pl.MapElements()) {
        out.emplace(k, fn(MapElem(cfg, k, et), MapElem(pri, k, et), e, path.Index(k)));
      }
      return cty::Value::Map(et, std::move(out));
    }
    case NestingMode::kSet: {
      if (!pl.type().IsSet()) return pl;
      const cty::Type& et = pl.type().element();
      auto elements = [](const cty::Value& v) {
        return v.type().IsSet() && v.IsKnown() && !v.IsNull() ? v.Elements()
                                                              : std::vector<cty::Value>{};
      };
      std::vector<cty::Value> cfg_elems = elements(cfg);
      std::vector<cty::Value> pri_elems = elements(pri);
      std::vector<bool> cfg_used(cfg_elems.size()), pri_used(pri_elems.size());
      auto take = [&](std::vector<cty::Value>& from, std::vector<bool>& used, const cty::Value& e,
                      bool is_config) {
        for (size_t i = 0; i < from.size(); ++i) {
          if (!used[i] && Corresponds(shape, from[i], e, is_config)) {
            used[i] = true;
            return from[i];
          }
        }
        return cty::Value::Null(et);
      };
      std::vector<cty::Value> out;
      for (const auto& e : pl.Elements()) {
        cty::Value c = take(cfg_elems, cfg_used, e, true);
        cty::Value p = take(pri_elems, pri_used, e, false);
        out.push_back(fn(c, p, e, path));
      }
      return cty::Value::Set(et, std::move(out));
    }
  }
  return pl;
}

// Phase 1: write-only attributes null, defaults where the configuration is
// null.
cty::Value Defaults(const Shape& s, const cty::Value& cfg, const cty::Value& pl) {
  if (!pl.IsKnown() || pl.IsNull()) return pl;
  std::map<std::string, cty::Value> attrs = pl.Attributes();
  for (const auto& [name, a] : *s.attributes) {
    cty::Value& v = attrs[name];
    cty::Value c = Child(cfg, name, v.type());
    if (a.write_only) {
      v = cty::Value::Null(v.type());
    } else if (a.default_value && c.IsKnown() && c.IsNull()) {
      v = *a.default_value;
    } else if (a.nested) {
      Shape inner = NestedShape(*a.nested);
      v = ForEachElement(a.nested->nesting, inner, c, cty::Value(), v, cty::Path(),
                         [&inner](const cty::Value& ec, const cty::Value&, const cty::Value& ep,
                                  const cty::Path&) { return Defaults(inner, ec, ep); });
    }
  }
  if (s.blocks) {
    for (const auto& [name, nb] : *s.blocks) {
      cty::Value& v = attrs[name];
      Shape inner = BlockShape(*nb.block);
      v = ForEachElement(nb.nesting, inner, Child(cfg, name, v.type()), cty::Value(), v,
                         cty::Path(),
                         [&inner](const cty::Value& ec, const cty::Value&, const cty::Value& ep,
                                  const cty::Path&) { return Defaults(inner, ec, ep); });
    }
  }
  return cty::Value::ObjectOf(pl.type(), std::move(attrs));
}

// Phase 2: unknown-marking and plan modifiers.
class Walker {
 public:
  Walker(const PlanInput& in, cty::Value plan_root, bool mark_unknown, tfplugin::Diagnostics& diags)
      : in_(in), plan_root_(std::move(plan_root)), mark_unknown_(mark_unknown), diags_(diags) {}

  cty::Value Object(const Shape& s, const cty::Value& cfg, const cty::Value& pri,
                    const cty::Value& pl, const cty::Path& path) {
    if (!pl.IsKnown() || pl.IsNull()) return pl;
    std::map<std::string, cty::Value> attrs = pl.Attributes();
    for (const auto& [name, a] : *s.attributes) {
      if (a.write_only) continue;
      cty::Value& v = attrs[name];
      cty::Value c = Child(cfg, name, v.type());
      cty::Value p = Child(pri, name, v.type());
      cty::Path ap = path.GetAttr(name);
      if (mark_unknown_ && a.computed && !a.default_value && c.IsKnown() && c.IsNull()) {
        v = cty::Value::Unknown(v.type());
      } else if (a.nested) {
        Shape inner = NestedShape(*a.nested);
        v = ForEachElement(a.nested->nesting, inner, c, p, v, ap, Recurse(inner));
      }
      v = Modify(a.plan_modifiers, c, p, v, ap);
    }
    if (s.blocks) {
      for (const auto& [name, nb] : *s.blocks) {
        cty::Value& v = attrs[name];
        cty::Value c = Child(cfg, name, v.type());
        cty::Value p = Child(pri, name, v.type());
        cty::Path bp = path.GetAttr(name);
        Shape inner = BlockShape(*nb.block);
        v = ForEachElement(nb.nesting, inner, c, p, v, bp, Recurse(inner));
        v = Modify(nb.plan_modifiers, c, p, v, bp);
      }
    }
    return cty::Value::ObjectOf(pl.type(), std::move(attrs));
  }

  std::vector<cty::Path>& requires_replace() { return requires_replace_; }

 private:
  ElemFn Recurse(Shape inner) {
    return [this, inner](const cty::Value& c, const cty::Value& p, const cty::Value& v,
                         const cty::Path& path) { return Object(inner, c, p, v, path); };
  }

  cty::Value Modify(const std::vector<PlanModifierPtr>& mods, const cty::Value& c,
                    const cty::Value& p, cty::Value v, const cty::Path& path) {
    for (const auto& m : mods) {
      if (!m) continue;
      PlanModifierRequest req;
      req.path = path;
      req.config = c;
      req.state = p;
      req.plan = v;
      req.config_root = in_.config;
      req.state_root = in_.prior;
      req.plan_root = plan_root_;
      PlanModifierResponse resp;
      resp.plan = v;
      Guard(diags_, "a plan modifier", [&] { m->Modify(req, resp); });
      diags_.Append(resp.diagnostics);
      if (resp.plan.type() != v.type()) {
        diags_.AddAttributeError(
            path, "Invalid Plan Modification",
            "A plan modifier of " + DisplayPath(path) + " returned a value of the wrong type (" +
                resp.plan.type().FriendlyName() + " instead of " + v.type().FriendlyName() +
                "). This is a bug in the provider; please report it to the "
                "provider developers.");
      } else {
        v = resp.plan;
      }
      if (resp.requires_replace) requires_replace_.push_back(path);
    }
    return v;
  }

  const PlanInput& in_;
  cty::Value plan_root_;
  bool mark_unknown_;
  tfplugin::Diagnostics& diags_;
  std::vector<cty::Path> requires_replace_;
};

}  // namespace

bool EqualIgnoringTimeouts(const cty::Value& a, const cty::Value& b) {
  std::string t(kTimeoutsBlock);
  if (a.type() == b.type() && a.type().IsObject() && a.type().HasAttribute(t) && a.IsKnown() &&
      b.IsKnown() && !a.IsNull() && !b.IsNull()) {
    cty::Value n = cty::Value::Null(a.type().attribute(t));
    return WithAttr(a, t, n).RawEquals(WithAttr(b, t, n));
  }
  return a.RawEquals(b);
}

PlanOutput PlanChange(const PlanInput& in, tfplugin::Diagnostics& diags) {
  const Block& block = in.schema->block;
  Shape root = BlockShape(block);
  cty::Value pl = Defaults(root, in.config, in.proposed);
  bool changed = in.prior.IsNull() || !EqualIgnoringTimeouts(pl, in.prior);
  Walker w(in, pl, changed, diags);
  PlanOutput out;
  out.planned = w.Object(root, in.config, in.prior, pl, cty::Path());
  out.requires_replace = std::move(w.requires_replace());
  return out;
}

std::vector<cty::Path> FilterRequiresReplace(const std::vector<cty::Path>& paths,
                                             const cty::Value& prior, const cty::Value& planned) {
  std::vector<cty::Path> out;
  if (prior.IsNull() || planned.IsNull()) return out;
  for (const auto& path : paths) {
    bool seen = false;
    for (const auto& o : out) seen = seen || o == path;
    if (seen) continue;
    auto before = prior.Apply(path);
    auto after = planned.Apply(path);
    if (!before.ok() && !after.ok()) continue;  // not a path of this object
    if (before.ok() && after.ok() && after->IsWhollyKnown() && before->RawEquals(*after)) continue;
    out.push_back(path);
  }
  return out;
}

namespace {

class PlanChecker {
 public:
  PlanChecker(std::string_view type_name, std::string_view what, tfplugin::Diagnostics& diags)
      : type_name_(type_name), what_(what), diags_(diags) {}

  void Object(const Shape& s, const cty::Value& pri, const cty::Value& cfg, const cty::Value& pl,
              const cty::Path& path) {
    if (!pl.IsKnown()) {
      if (cfg.IsKnown()) Bug(path, "is unknown although its configuration is known");
      return;
    }
    if (cfg.IsKnown() && cfg.IsNull() != pl.IsNull()) {
      Bug(path, pl.IsNull() ? "is absent although it is configured"
                            : "is present although it is not configured");
      return;
    }
    if (pl.IsNull() || !cfg.IsKnown() || cfg.IsNull()) return;
    for (const auto& [name, a] : *s.attributes) {
      if (a.write_only) continue;
      cty::Value v = pl.GetAttr(name);
      cty::Value c = cfg.GetAttr(name);
      cty::Value p = Child(pri, name, v.type());
      cty::Path ap = path.GetAttr(name);
      if (v.RawEquals(c)) continue;
      if (!p.IsNull() && !c.IsNull() && v.RawEquals(p)) continue;
      if (a.computed && !a.optional && !a.required) continue;
      if (a.computed && c.IsKnown() && c.IsNull()) continue;
      if (a.nested && c.IsKnown() && v.IsKnown() && !c.IsNull() && !v.IsNull()) {
        NestedElements(a.nested->nesting, NestedShape(*a.nested), p, c, v, ap);
        continue;
      }
      if (c.IsKnown() && c.IsNull()) {
        Bug(ap, "was planned as " + DisplayValue(v, a.sensitive) +
                    " although it is not configured and not computed");
      } else {
        Bug(ap, "was planned as " + DisplayValue(v, a.sensitive) +
                    ", which does not match the configured value " + DisplayValue(c, a.sensitive));
      }
    }
    if (!s.blocks) return;
    for (const auto& [name, nb] : *s.blocks) {
      cty::Value v = pl.GetAttr(name);
      cty::Value c = cfg.GetAttr(name);
      cty::Value p = Child(pri, name, v.type());
      cty::Path bp = path.GetAttr(name);
      bool collection = nb.nesting == NestingMode::kList || nb.nesting == NestingMode::kSet ||
                        nb.nesting == NestingMode::kMap;
      if (collection && v.IsKnown() && v.IsNull()) {
        Bug(bp, "is null; blocks of this kind must be an empty collection instead");
        continue;
      }
      if (v.RawEquals(c)) continue;
      if (!c.IsKnown()) {
        Bug(bp, "was changed although its configuration is unknown");
        continue;
      }
      if (!v.IsKnown()) {
        Bug(bp, "is unknown although its configuration is known");
        continue;
      }
      Shape inner = BlockShape(*nb.block);
      if (nb.nesting == NestingMode::kSet) {
        for (const auto& e : v.Elements()) {
          if (!e.IsKnown()) Bug(bp, "contains an unknown block");
        }
        continue;
      }
      NestedElements(nb.nesting, inner, p, c, v, bp);
    }
  }

 private:
  void NestedElements(NestingMode mode, const Shape& s, const cty::Value& p, const cty::Value& c,
                      const cty::Value& v, const cty::Path& path) {
    switch (mode) {
      case NestingMode::kSingle:
      case NestingMode::kGroup:
        Object(s, p, c, v, path);
        return;
      case NestingMode::kList: {
        if (c.IsNull() || v.IsNull()) return;
        if (c.Elements().size() != v.Elements().size()) {
          Bug(path, "has " + std::to_string(v.Elements().size()) + " elements but " +
                        std::to_string(c.Elements().size()) + " are configured");
          return;
        }
        const cty::Type& et = v.type().element();
        for (size_t i = 0; i < v.Elements().size(); ++i) {
          Object(s, ListElem(p, i, et), c.Elements()[i], v.Elements()[i],
                 path.Index(static_cast<int64_t>(i)));
        }
        return;
      }
      case NestingMode::kMap: {
        if (c.IsNull() || v.IsNull()) return;
        const cty::Type& et = v.type().element();
        for (const auto& [k, ce] : c.MapElements()) {
          auto it = v.MapElements().find(k);
          if (it == v.MapElements().end()) {
            Bug(path.Index(k), "is configured but missing from the " + std::string(what_));
            continue;
          }
          Object(s, MapElem(p, k, et), ce, it->second, path.Index(k));
        }
        for (const auto& [k, ve] : v.MapElements()) {
          if (!c.MapElements().count(k)) Bug(path.Index(k), "is not configured");
        }
        return;
      }
      case NestingMode::kSet:
        return;  // set elements cannot be correlated reliably; core checks lengths
    }
  }

  void Bug(const cty::Path& path, const std::string& problem) {
    diags_.AddAttributeError(
        path, "Provider Produced Invalid " + std::string(what_ == "plan" ? "Plan" : "Result"),
        "In the " + std::string(what_) + " for " + std::string(type_name_) + ", " +
            DisplayPath(path) + " " + problem +
            ". Only computed attributes may differ from the configuration. This is always a bug "
            "in the provider, not in your configuration; please report it to the provider "
            "developers.");
  }

  std::string_view type_name_;
  std::string_view what_;
  tfplugin::Diagnostics& diags_;
};

}  // namespace

void CheckPlannedAgainstConfig(const Block& block, const cty::Value& prior,
                               const cty::Value& config, const cty::Value& planned,
                               std::string_view type_name, std::string_view what,
                               tfplugin::Diagnostics& diags) {
  PlanChecker(type_name, what, diags)
      .Object(BlockShape(block), prior, config, planned, cty::Path());
}

}  // namespace framework::internal
