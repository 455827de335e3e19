// Schema self-check (OpenTofu InternalValidate + framework rules).
#include "framework/schema_check.h"

#include <set>
#include <string>

#include "framework/plan_modifier.h"
#include "framework/validator.h"

namespace framework {
namespace {

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

class Checker {
 public:
  Checker(SchemaCheckOptions options, tfplugin::Diagnostics& diags)
      : options_(options), diags_(diags) {}

  void CheckBlock(const Block& block, const cty::Path& path, bool in_set) {
    for (const auto& [name, attr] : block.attributes) {
      if (block.blocks.count(name)) {
        Error(path.GetAttr(name), "\"" + name + "\" is both an attribute and a block type.");
      }
      CheckAttribute(name, attr, path.GetAttr(name), in_set);
    }
    for (const auto& [name, nb] : block.blocks)
      CheckNestedBlock(name, nb, path.GetAttr(name), in_set);
    std::set<std::string> names;
    for (const auto& [name, attr] : block.attributes) names.insert(name);
    for (const auto& [name, nb] : block.blocks) names.insert(name);
    CheckSiblings(block.validators, names, path);
    for (const auto& [name, attr] : block.attributes) {
      CheckSiblings(attr.validators, names, path.GetAttr(name));
    }
    for (const auto& [name, nb] : block.blocks) {
      CheckSiblings(nb.validators, names, path.GetAttr(name));
    }
  }

 private:
  void Error(const cty::Path& path, std::string detail) {
    diags_.AddAttributeError(path, "Invalid Schema",
                             "Schema problem at " +
                                 (path.empty() ? std::string("(root)") : path.ToString()) + ": " +
                                 detail + " This is a bug in the provider.");
  }

  void CheckSiblings(const std::vector<ValidatorPtr>& validators,
                     const std::set<std::string>& names, const cty::Path& path) {
    for (const auto& v : validators) {
      if (!v) {
        Error(path, "a validator is null.");
        continue;
      }
      for (const auto& n : v->ReferencedSiblings()) {
        if (!names.count(n)) {
          Error(path, "a validator refers to \"" + n + "\", which is not in the same block.");
        }
      }
    }
  }

  void CheckAttribute(const std::string& name, const Attribute& a, const cty::Path& path,
                      bool in_set) {
    if (!ValidName(name)) Error(path, "the name \"" + name + "\" must match [a-z0-9_]+.");
    if (!a.required && !a.optional && !a.computed) {
      Error(path, "an attribute must be required, optional or computed.");
    }
    if (a.required && a.optional) Error(path, "an attribute cannot be both required and optional.");
    if (a.required && a.computed) Error(path, "an attribute cannot be both required and computed.");
    if (a.nested && !a.type.IsDynamic()) {
      Error(path, "an attribute has either a type or nested attributes, not both.");
    }
    if (options_.kind == SchemaKind::kProvider && a.computed) {
      Error(path, "provider configuration attributes cannot be computed.");
    }
    if (a.write_only) {
      if (options_.kind != SchemaKind::kResource) {
        Error(path, "write-only attributes are only allowed in managed resources.");
      }
      if (a.computed) Error(path, "a write-only attribute cannot be computed.");
      if (a.default_value) Error(path, "a write-only attribute cannot have a default.");
      if (in_set) Error(path, "write-only attributes are not allowed inside sets.");
    }
    if (in_set && !a.nested && a.type.HasDynamic()) {
      Error(path, "dynamic types are not allowed inside sets.");
    }
    if (a.default_value) {
      if (!(a.optional && a.computed)) {
        Error(path, "a default needs an optional and computed attribute.");
      }
      if (a.default_value->type() != a.ImpliedType()) {
        Error(path, "the default's type (" + a.default_value->type().FriendlyName() +
                        ") is not the attribute's type (" + a.ImpliedType().FriendlyName() + ").");
      } else if (!a.default_value->IsWhollyKnown() || a.default_value->IsNull()) {
        Error(path, "the default must be a known, non-null value.");
      }
    }
    for (const auto& m : a.plan_modifiers) {
      if (!m) Error(path, "a plan modifier is null.");
    }
    if (!a.env_vars.empty() && options_.kind != SchemaKind::kProvider) {
      Error(path, "environment-variable fallbacks are for provider configuration only.");
    }
    if (!a.env_vars.empty() && !(a.type == cty::Type::String() || a.type == cty::Type::Bool() ||
                                 a.type == cty::Type::Number())) {
      Error(path, "environment-variable fallbacks need a string, bool or number attribute.");
    }
    if (a.nested) {
      if (options_.protocol5) {
        Error(path, "nested attributes need protocol 6; use a nested block for protocol 5.");
      }
      if (a.nested->nesting == NestingMode::kGroup) {
        Error(path, "nested attributes cannot use group nesting.");
      }
      bool set = in_set || a.nested->nesting == NestingMode::kSet;
      std::set<std::string> names;
      for (const auto& [n, inner] : a.nested->attributes) names.insert(n);
      for (const auto& [n, inner] : a.nested->attributes) {
        CheckAttribute(n, inner, path.GetAttr(n), set);
        CheckSiblings(inner.validators, names, path.GetAttr(n));
      }
    }
  }

  void CheckNestedBlock(const std::string& name, const NestedBlock& nb, const cty::Path& path,
                        bool in_set) {
    if (!ValidName(name))
      Error(path, "the block type name \"" + name + "\" must match [a-z0-9_]+.");
    if (!nb.block) {
      Error(path, "the nested block has no content schema.");
      return;
    }
    switch (nb.nesting) {
      case NestingMode::kSingle:
        if (nb.min_items != nb.max_items || nb.min_items < 0 || nb.min_items > 1) {
          Error(path, "single blocks need min_items = max_items = 0 or 1.");
        }
        break;
      case NestingMode::kGroup:
        if (nb.min_items != 0 || nb.max_items != 0)
          Error(path, "group blocks need min_items = max_items = 0.");
        break;
      case NestingMode::kList:
      case NestingMode::kSet:
        if (nb.min_items < 0 || nb.max_items < 0 ||
            (nb.max_items != 0 && nb.min_items > nb.max_items)) {
          Error(path, "min_items must be >= 0 and <= max_items (0 = unlimited).");
        }
        break;
      case NestingMode::kMap:
        if (nb.min_items != 0 || nb.max_items != 0)
          Error(path, "map blocks need min_items = max_items = 0.");
        break;
    }
    if ((nb.nesting == NestingMode::kList || nb.nesting == NestingMode::kMap) &&
        nb.block->ImpliedType().HasDynamic()) {
      Error(path,
            "list and map blocks with dynamic attributes are not supported by the framework.");
    }
    CheckBlock(*nb.block, path, in_set || nb.nesting == NestingMode::kSet);
  }

  SchemaCheckOptions options_;
  tfplugin::Diagnostics& diags_;
};

}  // namespace

tfplugin::Diagnostics CheckSchema(const Schema& schema, SchemaCheckOptions options) {
  tfplugin::Diagnostics diags;
  if (schema.version < 0) {
    diags.AddError("Invalid Schema",
                   "The schema version must be >= 0. This is a bug in the provider.");
  }
  Checker(options, diags).CheckBlock(schema.block, cty::Path(), false);
  return diags;
}

}  // namespace framework
