// Checks on values a resource returns (apply, read, import, upgrade) and
// the small normalisations the protocol requires of them.
#include <string>
#include <utility>

#include "framework/values.h"
#include "internal.h"

namespace framework::internal {
namespace {

// Rebuilds each object of a nested value with `fn` (elements of lists,
// sets, maps; the object itself for single/group).
template <typename F>
cty::Value MapObjects(NestingMode mode, const cty::Value& v, F&& fn) {
  if (!v.IsKnown() || v.IsNull()) return v;
  const cty::Type& t = v.type();
  switch (mode) {
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      return fn(v);
    case NestingMode::kList: {
      if (!t.IsList()) return v;
      std::vector<cty::Value> out;
      for (const auto& e : v.Elements()) out.push_back(fn(e));
      return cty::Value::List(t.element(), std::move(out));
    }
    case NestingMode::kSet: {
      if (!t.IsSet()) return v;
      std::vector<cty::Value> out;
      for (const auto& e : v.Elements()) out.push_back(fn(e));
      return cty::Value::Set(t.element(), std::move(out));
    }
    case NestingMode::kMap: {
      if (!t.IsMap()) return v;
      std::map<std::string, cty::Value> out;
      for (const auto& [k, e] : v.MapElements()) out.emplace(k, fn(e));
      return cty::Value::Map(t.element(), std::move(out));
    }
  }
  return v;
}

bool AttributesHaveWriteOnly(const std::map<std::string, Attribute>& attrs) {
  for (const auto& [name, a] : attrs) {
    if (a.write_only) return true;
    if (a.nested && AttributesHaveWriteOnly(a.nested->attributes)) return true;
  }
  return false;
}

cty::Value NullWriteOnlyAttrs(const std::map<std::string, Attribute>& attrs,
                              const std::map<std::string, NestedBlock>* blocks,
                              const cty::Value& v) {
  if (!v.IsKnown() || v.IsNull() || !v.type().IsObject()) return v;
  std::map<std::string, cty::Value> out = v.Attributes();
  for (const auto& [name, a] : attrs) {
    auto it = out.find(name);
    if (it == out.end()) continue;
    if (a.write_only) {
      it->second = cty::Value::Null(it->second.type());
    } else if (a.nested && AttributesHaveWriteOnly(a.nested->attributes)) {
      const auto& inner = a.nested->attributes;
      it->second = MapObjects(a.nested->nesting, it->second, [&inner](const cty::Value& e) {
        return NullWriteOnlyAttrs(inner, nullptr, e);
      });
    }
  }
  if (blocks) {
    for (const auto& [name, nb] : *blocks) {
      auto it = out.find(name);
      if (it == out.end() || !HasWriteOnly(*nb.block)) continue;
      const Block& inner = *nb.block;
      it->second = MapObjects(nb.nesting, it->second,
                              [&inner](const cty::Value& e) { return NullWriteOnly(inner, e); });
    }
  }
  return cty::Value::ObjectOf(v.type(), std::move(out));
}

}  // namespace

bool HasWriteOnly(const Block& block) {
  if (AttributesHaveWriteOnly(block.attributes)) return true;
  for (const auto& [name, nb] : block.blocks) {
    if (HasWriteOnly(*nb.block)) return true;
  }
  return false;
}

cty::Value NullWriteOnly(const Block& block, const cty::Value& v) {
  if (!HasWriteOnly(block)) return v;
  return NullWriteOnlyAttrs(block.attributes, &block.blocks, v);
}

cty::Value NormalizeBlocks(const Block& block, const cty::Value& v) {
  if (!v.IsKnown() || v.IsNull() || !v.type().IsObject()) return v;
  std::map<std::string, cty::Value> out = v.Attributes();
  for (const auto& [name, nb] : block.blocks) {
    auto it = out.find(name);
    if (it == out.end()) continue;
    cty::Value& bv = it->second;
    const cty::Type& t = bv.type();
    if (bv.IsKnown() && bv.IsNull()) {
      if (nb.nesting == NestingMode::kList && t.IsList()) bv = cty::Value::EmptyList(t.element());
      if (nb.nesting == NestingMode::kSet && t.IsSet()) bv = cty::Value::EmptySet(t.element());
      if (nb.nesting == NestingMode::kMap && t.IsMap()) bv = cty::Value::EmptyMap(t.element());
      if (nb.nesting == NestingMode::kGroup) bv = EmptyValue(*nb.block);
      continue;
    }
    const Block& inner = *nb.block;
    bv = MapObjects(nb.nesting, bv,
                    [&inner](const cty::Value& e) { return NormalizeBlocks(inner, e); });
  }
  return cty::Value::ObjectOf(v.type(), std::move(out));
}

cty::Path DiagnosticPath(const cty::Type& root, const cty::Path& path) {
  cty::Path out;
  cty::Type t = root;
  for (const auto& step : path.steps()) {
    if (step.kind() == cty::PathStep::Kind::kGetAttr) {
      if (!t.IsObject() || !t.HasAttribute(step.name())) return out;
      t = t.attribute(step.name());
    } else {
      if (t.IsSet() || !t.IsCollection()) return out;
      t = t.element();
    }
    out.steps().push_back(step);
  }
  return out;
}

bool CheckWhollyKnown(const Block& block, const cty::Value& v, std::string_view type_name,
                      std::string_view operation, tfplugin::Diagnostics& diags) {
  if (v.IsWhollyKnown()) return true;
  cty::Type root = block.ImpliedType();
  std::vector<cty::Path> seen;
  cty::Walk(v, [&](const cty::Path& path, const cty::Value& x) {
    if (x.IsKnown()) return true;
    cty::Path p = DiagnosticPath(root, path);
    for (const auto& s : seen) {
      if (s == p) return false;
    }
    seen.push_back(p);
    std::string op(operation);
    std::string lower = op;
    if (!lower.empty()) lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    diags.AddAttributeError(p, "Unknown Value After " + op,
                            "After " + lower + ", " + std::string(type_name) + " left " +
                                DisplayPath(p) +
                                " unknown. Every value must be known once an operation has "
                                "finished. This is always a bug in the provider, not in your "
                                "configuration; please report it to the provider developers.");
    return false;
  });
  return false;
}

bool CheckType(const Block& block, const cty::Value& v, std::string_view type_name,
               std::string_view what, tfplugin::Diagnostics& diags) {
  cty::Type want = block.ImpliedType();
  if (v.type() == want) return true;
  diags.AddError("Provider Produced Value Of The Wrong Type",
                 "The " + std::string(what) + " of " + std::string(type_name) + " has type " +
                     v.type().FriendlyName() +
                     ", which is not the type its schema describes. This is always a bug in the "
                     "provider, not in your configuration; please report it to the provider "
                     "developers.");
  return false;
}

namespace {

class CompatChecker {
 public:
  CompatChecker(const cty::Type& root, std::string_view type_name, std::string_view operation,
                tfplugin::Diagnostics& diags)
      : root_(root), type_name_(type_name), operation_(operation), diags_(diags) {}

  void Object(const Block& block, const cty::Value& planned, const cty::Value& actual,
              const cty::Path& path) {
    if (!Presence(planned, actual, path, false)) return;
    for (const auto& [name, a] : block.attributes) {
      if (a.write_only) continue;
      Value(planned.GetAttr(name), actual.GetAttr(name), path.GetAttr(name), a.sensitive);
    }
    for (const auto& [name, nb] : block.blocks) {
      cty::Value p = planned.GetAttr(name);
      cty::Value a = actual.GetAttr(name);
      cty::Path bp = path.GetAttr(name);
      const Block& inner = *nb.block;
      switch (nb.nesting) {
        case NestingMode::kSingle:
        case NestingMode::kGroup:
          if (!p.IsKnown()) break;  // an unknown single block may become anything
          Object(inner, p, a, bp);
          break;
        case NestingMode::kList:
          if (!Presence(p, a, bp, false)) break;
          if (p.Elements().size() != a.Elements().size()) {
            Report(bp, "has " + std::to_string(a.Elements().size()) + " blocks, but " +
                           std::to_string(p.Elements().size()) + " were planned");
            break;
          }
          for (size_t i = 0; i < p.Elements().size(); ++i) {
            Object(inner, p.Elements()[i], a.Elements()[i], bp.Index(static_cast<int64_t>(i)));
          }
          break;
        case NestingMode::kMap:
          if (!Presence(p, a, bp, false)) break;
          for (const auto& [k, pe] : p.MapElements()) {
            auto it = a.MapElements().find(k);
            if (it == a.MapElements().end()) {
              Report(bp.Index(k), "was planned but is missing");
              continue;
            }
            Object(inner, pe, it->second, bp.Index(k));
          }
          for (const auto& [k, ae] : a.MapElements()) {
            if (!p.MapElements().count(k)) Report(bp.Index(k), "appeared but was not planned");
          }
          break;
        case NestingMode::kSet:
          Value(p, a, bp, false);
          break;
      }
    }
  }

 private:
  // Checks null-ness; returns true if both are known and non-null (so the
  // caller descends).
  bool Presence(const cty::Value& planned, const cty::Value& actual, const cty::Path& path,
                bool sensitive) {
    if (!planned.IsKnown()) {
      if (planned.refinements().not_null && actual.IsKnown() && actual.IsNull()) {
        Report(path, "is null, but the plan promised a non-null value");
      }
      return false;
    }
    if (!actual.IsKnown()) return false;  // reported by the unknown-value check
    if (planned.IsNull() != actual.IsNull()) {
      Report(path, planned.IsNull()
                       ? "was planned as null but is now " + DisplayValue(actual, sensitive)
                       : "was planned as " + DisplayValue(planned, sensitive) + " but is now null");
      return false;
    }
    return !planned.IsNull();
  }

  void Value(const cty::Value& planned, const cty::Value& actual, const cty::Path& path,
             bool sensitive) {
    if (!Presence(planned, actual, path, sensitive)) return;
    if (planned.IsWhollyKnown()) {
      if (!planned.RawEquals(actual)) {
        Report(path, "was planned as " + DisplayValue(planned, sensitive) + " but is now " +
                         DisplayValue(actual, sensitive));
      }
      return;
    }
    const cty::Type& t = planned.type();
    if (t.IsObject()) {
      for (const auto& [name, pv] : planned.Attributes()) {
        Value(pv, actual.GetAttr(name), path.GetAttr(name), sensitive);
      }
    } else if (t.IsList() || t.IsTuple()) {
      if (planned.Elements().size() != actual.Elements().size()) {
        Report(path, "has " + std::to_string(actual.Elements().size()) + " elements, but " +
                         std::to_string(planned.Elements().size()) + " were planned");
        return;
      }
      for (size_t i = 0; i < planned.Elements().size(); ++i) {
        Value(planned.Elements()[i], actual.Elements()[i], path.Index(static_cast<int64_t>(i)),
              sensitive);
      }
    } else if (t.IsMap()) {
      for (const auto& [k, pv] : planned.MapElements()) {
        auto it = actual.MapElements().find(k);
        if (it == actual.MapElements().end()) {
          Report(path.Index(k), "was planned but is missing");
          continue;
        }
        Value(pv, it->second, path.Index(k), sensitive);
      }
      for (const auto& [k, av] : actual.MapElements()) {
        if (!planned.MapElements().count(k)) Report(path.Index(k), "appeared but was not planned");
      }
    } else if (t.IsSet()) {
      if (actual.Elements().size() > planned.Elements().size()) {
        Report(path, "has " + std::to_string(actual.Elements().size()) +
                         " elements, more than the " + std::to_string(planned.Elements().size()) +
                         " planned");
        return;
      }
      for (const auto& pe : planned.Elements()) {
        if (!pe.IsWhollyKnown()) continue;
        bool found = false;
        for (const auto& ae : actual.Elements()) found = found || ae.RawEquals(pe);
        if (!found) {
          Report(path, "lost the planned element " + DisplayValue(pe, sensitive));
        }
      }
    }
  }

  void Report(const cty::Path& path, const std::string& problem) {
    cty::Path p = DiagnosticPath(root_, path);
    diags_.AddAttributeError(
        p, "Provider Produced Inconsistent Result After " + std::string(operation_),
        "After " + std::string(operation_ == "Create" ? "creating" : "updating") + " " +
            std::string(type_name_) + ", " + DisplayPath(path) + " " + problem +
            ". A provider must keep every value it planned. This is always a bug in the "
            "provider, not in your configuration; please report it to the provider developers.");
  }

  cty::Type root_;
  std::string_view type_name_;
  std::string_view operation_;
  tfplugin::Diagnostics& diags_;
};

}  // namespace

void CheckCompatibleWithPlan(const Block& block, const cty::Value& planned,
                             const cty::Value& actual, std::string_view type_name,
                             std::string_view operation, tfplugin::Diagnostics& diags) {
  CompatChecker(block.ImpliedType(), type_name, operation, diags)
      .Object(block, planned, actual, cty::Path());
}

}  // namespace framework::internal
