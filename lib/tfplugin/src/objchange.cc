#include "tfplugin/objchange.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tfplugin {
namespace {

bool Usable(const cty::Value& v) { return v.IsKnown() && !v.IsNull(); }

// The attribute `name` of `obj`, or a null/unknown of type `t` when `obj`
// itself is null/unknown or lacks it.
cty::Value Attr(const cty::Value& obj, const std::string& name, const cty::Type& t) {
  if (!obj.type().IsObject() || !obj.type().HasAttribute(name) || obj.IsNull()) return cty::Value::Null(t);
  if (!obj.IsKnown()) return cty::Value::Unknown(t);
  return obj.GetAttr(name);
}

cty::Value ProposedObject(const SchemaBlock& block, const cty::Value& prior, const cty::Value& config);

cty::Value ProposedAttrs(const std::vector<SchemaAttribute>& attrs, const cty::Value& prior,
                         const cty::Value& config);

// Could `prior` (a set element) be the earlier version of `config`? Equal
// in every attribute the configuration sets.
bool CouldComeFrom(const SchemaBlock& block, const cty::Value& prior, const cty::Value& config) {
  if (!Usable(prior) || !Usable(config)) return false;
  for (const auto& a : block.attributes) {
    cty::Value c = config.GetAttr(a.name);
    if (a.computed && c.IsNull()) continue;
    if (!c.RawEquals(prior.GetAttr(a.name))) return false;
  }
  for (const auto& nb : block.block_types) {
    if (nb.nesting == NestingMode::kSet && !config.GetAttr(nb.type_name).RawEquals(prior.GetAttr(nb.type_name))) {
      return false;
    }
  }
  return true;
}

const std::vector<cty::Value>& ElementsOr(const cty::Value& v, bool ok, const std::vector<cty::Value>& none) {
  return ok ? v.Elements() : none;
}

cty::Value ProposedCollection(NestingMode nesting, const std::function<cty::Value(const cty::Value&, const cty::Value&)>& one,
                              const std::function<bool(const cty::Value&, const cty::Value&)>& matches,
                              const cty::Value& prior, const cty::Value& config) {
  if (!config.IsKnown() || config.IsNull()) return config;
  static const std::vector<cty::Value> kNone;
  switch (nesting) {
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      return one(prior, config);
    case NestingMode::kList: {
      const auto& pe = ElementsOr(prior, Usable(prior) && prior.type().IsList(), kNone);
      std::vector<cty::Value> out;
      const auto& ce = config.Elements();
      for (size_t i = 0; i < ce.size(); ++i) out.push_back(one(i < pe.size() ? pe[i] : cty::Value(), ce[i]));
      return cty::Value::List(config.type().element(), std::move(out));
    }
    case NestingMode::kMap: {
      std::map<std::string, cty::Value> out;
      for (const auto& [k, c] : config.MapElements()) {
        cty::Value p;
        if (Usable(prior) && prior.type().IsMap()) {
          auto it = prior.MapElements().find(k);
          if (it != prior.MapElements().end()) p = it->second;
        }
        out.emplace(k, one(p, c));
      }
      return cty::Value::Map(config.type().element(), std::move(out));
    }
    case NestingMode::kSet: {
      const auto& pe = ElementsOr(prior, Usable(prior) && prior.type().IsSet(), kNone);
      std::vector<bool> used(pe.size());
      std::vector<cty::Value> out;
      for (const auto& c : config.Elements()) {
        cty::Value p;
        for (size_t i = 0; i < pe.size(); ++i) {
          if (!used[i] && matches(pe[i], c)) {
            used[i] = true;
            p = pe[i];
            break;
          }
        }
        out.push_back(one(p, c));
      }
      return cty::Value::Set(config.type().element(), std::move(out));
    }
  }
  return config;
}

cty::Value ProposedAttr(const SchemaAttribute& a, const cty::Value& prior, const cty::Value& config) {
  if (a.computed && config.IsKnown() && config.IsNull()) return prior;
  if (!a.nested) return config;
  const auto& attrs = a.nested->attributes;
  auto one = [&attrs](const cty::Value& p, const cty::Value& c) { return ProposedAttrs(attrs, p, c); };
  auto matches = [](const cty::Value& p, const cty::Value& c) { return p.RawEquals(c); };
  return ProposedCollection(a.nested->nesting, one, matches, prior, config);
}

cty::Value ProposedAttrs(const std::vector<SchemaAttribute>& attrs, const cty::Value& prior,
                         const cty::Value& config) {
  if (config.IsNull() || !config.IsKnown()) return config;
  std::map<std::string, cty::Value> out;
  for (const auto& a : attrs) {
    cty::Value c = config.GetAttr(a.name);
    out.emplace(a.name, ProposedAttr(a, Attr(prior, a.name, c.type()), c));
  }
  return cty::Value::ObjectOf(config.type(), std::move(out));
}

cty::Value ProposedObject(const SchemaBlock& block, const cty::Value& prior, const cty::Value& config) {
  if (config.IsNull() || !config.IsKnown()) return config;
  std::map<std::string, cty::Value> out;
  for (const auto& a : block.attributes) {
    cty::Value c = config.GetAttr(a.name);
    out.emplace(a.name, ProposedAttr(a, Attr(prior, a.name, c.type()), c));
  }
  for (const auto& nb : block.block_types) {
    cty::Value c = config.GetAttr(nb.type_name);
    const SchemaBlock& inner = *nb.block;
    auto one = [&inner](const cty::Value& p, const cty::Value& cv) { return ProposedObject(inner, p, cv); };
    auto matches = [&inner](const cty::Value& p, const cty::Value& cv) { return CouldComeFrom(inner, p, cv); };
    out.emplace(nb.type_name, ProposedCollection(nb.nesting, one, matches, Attr(prior, nb.type_name, c.type()), c));
  }
  return cty::Value::ObjectOf(config.type(), std::move(out));
}

cty::Value NormalizeObject(const SchemaBlock& block, const cty::Value& v);

cty::Value NormalizeBlock(const SchemaNestedBlock& nb, const cty::Value& v) {
  const cty::Type& t = v.type();
  if (v.IsNull()) {
    switch (nb.nesting) {
      case NestingMode::kList: return cty::Value::EmptyList(t.element());
      case NestingMode::kSet: return cty::Value::EmptySet(t.element());
      case NestingMode::kMap: return cty::Value::EmptyMap(t.element());
      default: return v;
    }
  }
  if (!v.IsKnown()) return v;
  switch (nb.nesting) {
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      return NormalizeObject(*nb.block, v);
    case NestingMode::kList:
    case NestingMode::kSet: {
      std::vector<cty::Value> out;
      for (const auto& e : v.Elements()) out.push_back(NormalizeObject(*nb.block, e));
      return nb.nesting == NestingMode::kList ? cty::Value::List(t.element(), std::move(out))
                                              : cty::Value::Set(t.element(), std::move(out));
    }
    case NestingMode::kMap: {
      std::map<std::string, cty::Value> out;
      for (const auto& [k, e] : v.MapElements()) out.emplace(k, NormalizeObject(*nb.block, e));
      return cty::Value::Map(t.element(), std::move(out));
    }
  }
  return v;
}

cty::Value NormalizeObject(const SchemaBlock& block, const cty::Value& v) {
  if (!Usable(v) || !v.type().IsObject()) return v;
  std::map<std::string, cty::Value> out;
  for (const auto& a : block.attributes) out.emplace(a.name, v.GetAttr(a.name));
  for (const auto& nb : block.block_types) out.emplace(nb.type_name, NormalizeBlock(nb, v.GetAttr(nb.type_name)));
  return cty::Value::ObjectOf(v.type(), std::move(out));
}

}  // namespace

cty::Value ProposedNewState(const SchemaBlock& schema, const cty::Value& prior, const cty::Value& config) {
  if (config.IsNull()) return config;
  return ProposedObject(schema, prior, config);
}

cty::Value NormalizeConfig(const SchemaBlock& schema, const cty::Value& config) {
  return NormalizeObject(schema, config);
}

}  // namespace tfplugin
