// framework::Validator: a small, composable check of one configuration value.
//
// Validators are attached to attributes, nested blocks and blocks
// (schema.h). The framework calls every validator of every attribute during
// ValidateResourceConfig / ValidateDataResourceConfig /
// ValidateProviderConfig (and before ReadDataSource), with the value at that
// position, which may be null or unknown: a validator must accept unknown
// values silently (the configuration may still depend on other resources)
// and usually ignores null ones. Findings go into `diags` with `req.path`
// so OpenTofu can point at the configuration.
//
// Description()/MarkdownDescription() is one sentence fragment ("value
// length must be between 1 and 64") used by the documentation generator.
//
// Thread safety: validators are immutable and shared; Validate is const and
// must be safe to call concurrently.
#ifndef EDP_FRAMEWORK_VALIDATOR_H_
#define EDP_FRAMEWORK_VALIDATOR_H_

#include <string>
#include <vector>

#include "cty/path.h"
#include "cty/value.h"
#include "tfplugin/diagnostics.h"

namespace framework {

struct ValidatorRequest {
  cty::Path path;    // where the value is (diagnostics use it)
  cty::Value value;  // may be null or unknown
  // The object holding the value's siblings: for an attribute or nested
  // block, the enclosing object; for a block-level validator, the block's
  // own object. Config-level validators (ConflictsWith, ...) look names up
  // here. May be null or unknown.
  cty::Value parent;
  cty::Path parent_path;
  std::string name;        // attribute / block name; empty for block-level validators
  bool sensitive = false;  // never print the value when set
  cty::Value config;       // the whole configuration object
};

class Validator {
 public:
  virtual ~Validator() = default;
  virtual std::string Description() const = 0;
  virtual std::string MarkdownDescription() const { return Description(); }
  virtual void Validate(const ValidatorRequest& req, tfplugin::Diagnostics& diags) const = 0;
  // Names of sibling attributes/blocks the validator reads (combination
  // validators); the schema self-check verifies they exist.
  virtual std::vector<std::string> ReferencedSiblings() const { return {}; }
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_VALIDATOR_H_
