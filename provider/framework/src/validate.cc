// Schema-level configuration validation.
#include <string>

#include "framework/validator.h"
#include "framework/values.h"
#include "internal.h"

namespace framework::internal {
namespace {

class ConfigValidator {
 public:
  ConfigValidator(const cty::Value& root, tfplugin::Diagnostics& diags)
      : root_(root), diags_(diags) {}

  void Object(const Block& block, const cty::Value& obj, const cty::Path& path) {
    if (obj.IsNull() || !obj.IsKnown()) return;
    Attributes(block.attributes, obj, path);
    for (const auto& [name, nb] : block.blocks) NestedBlockValue(name, nb, obj, path);
    RunValidators(block.validators, obj, obj, path, path, "", false);
  }

 private:
  void RunValidators(const std::vector<ValidatorPtr>& validators, const cty::Value& value,
                     const cty::Value& parent, const cty::Path& path, const cty::Path& parent_path,
                     const std::string& name, bool sensitive) {
    if (validators.empty()) return;
    ValidatorRequest req;
    req.path = path;
    req.value = value;
    req.parent = parent;
    req.parent_path = parent_path;
    req.name = name;
    req.sensitive = sensitive;
    req.config = root_;
    for (const auto& v : validators) {
      if (v) Guard(diags_, "a validator", [&] { v->Validate(req, diags_); });
    }
  }

  void Attributes(const std::map<std::string, Attribute>& attrs, const cty::Value& obj,
                  const cty::Path& path) {
    for (const auto& [name, a] : attrs) {
      cty::Value v = obj.GetAttr(name);
      cty::Path p = path.GetAttr(name);
      if (a.computed && !a.optional && !a.required) {
        if (!v.IsNull()) {
          diags_.AddAttributeError(p, "Invalid Configuration for Read-Only Attribute",
                                   "Cannot set value for this attribute as the provider has "
                                   "marked it as read-only. Remove the configuration line "
                                   "setting the value.");
        }
        continue;
      }
      if (a.required && v.IsKnown() && v.IsNull()) {
        diags_.AddAttributeError(p, "Missing Configuration for Required Attribute",
                                 "Must set a configuration value for the " + DisplayPath(p) +
                                     " attribute as the provider has marked it as required.");
        continue;
      }
      if (a.deprecated() && !v.IsNull()) {
        diags_.AddAttributeWarning(p, "Attribute Deprecated", a.deprecation_message);
      }
      RunValidators(a.validators, v, obj, p, path, name, a.sensitive);
      if (a.nested && v.IsKnown() && !v.IsNull()) NestedAttributeValue(*a.nested, v, p);
    }
  }

  void NestedAttributeValue(const NestedAttributeObject& nested, const cty::Value& v,
                            const cty::Path& p) {
    switch (nested.nesting) {
      case NestingMode::kSingle:
      case NestingMode::kGroup:
        Attributes(nested.attributes, v, p);
        return;
      case NestingMode::kList: {
        int64_t i = 0;
        for (const auto& e : v.Elements()) {
          if (e.IsKnown() && !e.IsNull()) Attributes(nested.attributes, e, p.Index(i));
          ++i;
        }
        return;
      }
      case NestingMode::kSet:
        for (const auto& e : v.Elements()) {
          if (e.IsKnown() && !e.IsNull()) Attributes(nested.attributes, e, p);
        }
        return;
      case NestingMode::kMap:
        for (const auto& [k, e] : v.MapElements()) {
          if (e.IsKnown() && !e.IsNull()) Attributes(nested.attributes, e, p.Index(k));
        }
        return;
    }
  }

  void NestedBlockValue(const std::string& name, const NestedBlock& nb, const cty::Value& obj,
                        const cty::Path& path) {
    cty::Value v = obj.GetAttr(name);
    cty::Path p = path.GetAttr(name);
    RunValidators(nb.validators, v, obj, p, path, name, false);
    if (!v.IsKnown() || !nb.block) return;
    const Block& inner = *nb.block;
    switch (nb.nesting) {
      case NestingMode::kSingle:
        if (v.IsNull()) {
          if (nb.min_items >= 1) {
            diags_.AddAttributeError(p, "Missing Required Block",
                                     "A \"" + name + "\" block is required here.");
          }
          return;
        }
        Object(inner, v, p);
        return;
      case NestingMode::kGroup:
        Object(inner, v, p);
        return;
      case NestingMode::kList:
      case NestingMode::kSet: {
        if (v.IsNull()) return;
        auto n = static_cast<int64_t>(v.LengthInt());
        if (n < nb.min_items) {
          diags_.AddAttributeError(p, "Insufficient Blocks",
                                   "At least " + std::to_string(nb.min_items) + " \"" + name +
                                       "\" blocks are required, got " + std::to_string(n) + ".");
        }
        if (nb.max_items > 0 && n > nb.max_items) {
          diags_.AddAttributeError(p, "Too Many Blocks",
                                   "No more than " + std::to_string(nb.max_items) + " \"" + name +
                                       "\" blocks are allowed, got " + std::to_string(n) + ".");
        }
        int64_t i = 0;
        for (const auto& e : v.Elements()) {
          Object(inner, e, nb.nesting == NestingMode::kList ? p.Index(i) : p);
          ++i;
        }
        return;
      }
      case NestingMode::kMap:
        if (v.IsNull()) return;
        for (const auto& [k, e] : v.MapElements()) Object(inner, e, p.Index(k));
        return;
    }
  }

  const cty::Value& root_;
  tfplugin::Diagnostics& diags_;
};

}  // namespace

void ValidateConfigValue(const Block& block, const cty::Value& config,
                         tfplugin::Diagnostics& diags) {
  tfplugin::Diagnostics found;
  ConfigValidator(config, found).Object(block, config, cty::Path());
  // Paths into set elements cannot be sent: point at the set instead.
  cty::Type root = block.ImpliedType();
  for (auto d : found) {
    if (d.attribute) d.attribute = DiagnosticPath(root, *d.attribute);
    diags.Add(std::move(d));
  }
}

}  // namespace framework::internal
