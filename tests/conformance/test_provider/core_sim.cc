#include "core_sim.h"

#include <vector>

#include "framework/values.h"

namespace edptest {
namespace {

namespace fw = framework;

cty::Value Attr(const cty::Value& obj, const std::string& name, const cty::Type& t) {
  if (!obj.type().IsObject() || !obj.type().HasAttribute(name) || obj.IsNull()) {
    return cty::Value::Null(t);
  }
  if (!obj.IsKnown()) return cty::Value::Unknown(t);
  return obj.GetAttr(name);
}

bool CouldComeFrom(const fw::Block& block, const cty::Value& prior, const cty::Value& config) {
  if (!prior.IsKnown() || !config.IsKnown() || prior.IsNull() || config.IsNull()) return false;
  for (const auto& [name, a] : block.attributes) {
    cty::Value c = config.GetAttr(name);
    if (a.computed && c.IsNull()) continue;
    if (!c.RawEquals(prior.GetAttr(name))) return false;
  }
  for (const auto& [name, nb] : block.blocks) {
    if (nb.nesting == framework::NestingMode::kSet &&
        !config.GetAttr(name).RawEquals(prior.GetAttr(name))) {
      return false;
    }
  }
  return true;
}

cty::Value ProposedObject(const fw::Block& block, const cty::Value& prior,
                          const cty::Value& config);

cty::Value ProposedNestedAttrs(const std::map<std::string, fw::Attribute>& attrs,
                               const cty::Value& prior, const cty::Value& config) {
  if (config.IsNull() || !config.IsKnown()) return config;
  std::map<std::string, cty::Value> out;
  for (const auto& [name, a] : attrs) {
    cty::Value c = config.GetAttr(name);
    cty::Value p = Attr(prior, name, c.type());
    out.emplace(name, a.computed && c.IsKnown() && c.IsNull() ? p : c);
  }
  return cty::Value::ObjectOf(config.type(), std::move(out));
}

cty::Value ProposedBlock(const fw::NestedBlock& nb, const cty::Value& prior,
                         const cty::Value& config) {
  if (!config.IsKnown()) return config;
  const fw::Block& inner = *nb.block;
  switch (nb.nesting) {
    case fw::NestingMode::kSingle:
    case fw::NestingMode::kGroup:
      if (config.IsNull()) return config;
      return ProposedObject(inner, prior, config);
    case fw::NestingMode::kList: {
      std::vector<cty::Value> out;
      const auto& pe = prior.IsKnown() && !prior.IsNull() && prior.type().IsList()
                           ? prior.Elements()
                           : std::vector<cty::Value>{};
      for (size_t i = 0; i < config.Elements().size(); ++i) {
        out.push_back(
            ProposedObject(inner, i < pe.size() ? pe[i] : cty::Value(), config.Elements()[i]));
      }
      return cty::Value::List(config.type().element(), std::move(out));
    }
    case fw::NestingMode::kMap: {
      std::map<std::string, cty::Value> out;
      for (const auto& [k, c] : config.MapElements()) {
        cty::Value p;
        if (prior.IsKnown() && !prior.IsNull() && prior.type().IsMap()) {
          auto it = prior.MapElements().find(k);
          if (it != prior.MapElements().end()) p = it->second;
        }
        out.emplace(k, ProposedObject(inner, p, c));
      }
      return cty::Value::Map(config.type().element(), std::move(out));
    }
    case fw::NestingMode::kSet: {
      std::vector<cty::Value> pe = prior.IsKnown() && !prior.IsNull() && prior.type().IsSet()
                                       ? prior.Elements()
                                       : std::vector<cty::Value>{};
      std::vector<bool> used(pe.size());
      std::vector<cty::Value> out;
      for (const auto& c : config.Elements()) {
        cty::Value p;
        for (size_t i = 0; i < pe.size(); ++i) {
          if (!used[i] && CouldComeFrom(inner, pe[i], c)) {
            used[i] = true;
            p = pe[i];
            break;
          }
        }
        out.push_back(ProposedObject(inner, p, c));
      }
      return cty::Value::Set(config.type().element(), std::move(out));
    }
  }
  return config;
}

cty::Value ProposedObject(const fw::Block& block, const cty::Value& prior,
                          const cty::Value& config) {
  if (config.IsNull() || !config.IsKnown()) return config;
  std::map<std::string, cty::Value> out;
  for (const auto& [name, a] : block.attributes) {
    cty::Value c = config.GetAttr(name);
    cty::Value p = Attr(prior, name, c.type());
    if (a.computed && c.IsKnown() && c.IsNull()) {
      out.emplace(name, p);
    } else if (a.nested && a.nested->nesting == fw::NestingMode::kSingle) {
      out.emplace(name, ProposedNestedAttrs(a.nested->attributes, p, c));
    } else {
      out.emplace(name, c);
    }
  }
  for (const auto& [name, nb] : block.blocks) {
    cty::Value c = config.GetAttr(name);
    out.emplace(name, ProposedBlock(nb, Attr(prior, name, c.type()), c));
  }
  return cty::Value::ObjectOf(config.type(), std::move(out));
}

}  // namespace

cty::Value ProposedNew(const fw::Block& block, const cty::Value& prior, const cty::Value& config) {
  if (config.IsNull()) return config;
  return ProposedObject(block, prior, config);
}

std::string Summaries(const tfplugin::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags) {
    if (!out.empty()) out += "\n";
    out += d.severity == tfplugin::Severity::kError ? "Error: " : "Warning: ";
    out += d.summary;
    if (d.attribute) out += " [at " + framework::DisplayPath(*d.attribute) + "]";
  }
  return out;
}

cty::Value ConfigOf(const fw::Block& block, const std::map<std::string, cty::Value>& set) {
  cty::Value v = fw::EmptyValue(block);
  for (const auto& [name, value] : set) v = fw::WithAttr(v, name, value);
  return v;
}

}  // namespace edptest
