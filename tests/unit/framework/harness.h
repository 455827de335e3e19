// In-process test harness: plays OpenTofu's part against a
// FrameworkProvider (builds proposed values like core, runs the RPCs) and
// formats diagnostics for assertions.
#ifndef EDP_TESTS_UNIT_FRAMEWORK_HARNESS_H_
#define EDP_TESTS_UNIT_FRAMEWORK_HARNESS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core_sim.h"
#include "cty/value.h"
#include "edptest_provider.h"
#include "framework/framework_provider.h"
#include "tfplugin/diagnostics.h"

namespace fwtest {

inline cty::Value S(std::string_view s) { return cty::Value::String(s); }
inline cty::Value N(int64_t n) { return cty::Value::Int(n); }
inline cty::Value B(bool b) { return cty::Value::Bool(b); }
inline cty::Path P(std::string_view attr) { return cty::Path().GetAttr(std::string(attr)); }

using edptest::Summaries;
// The detail of the first diagnostic whose summary is `summary` ("" if none).
std::string DetailOf(const tfplugin::Diagnostics& diags, std::string_view summary);

class Harness {
 public:
  explicit Harness(bool nested_attributes = true, std::map<std::string, std::string> env = {});

  framework::FrameworkProvider& provider() { return *provider_; }
  std::shared_ptr<framework::FrameworkProvider> shared() { return provider_; }
  const framework::Schema& thing_schema() const;
  const framework::Block& thing() const { return thing_schema().block; }
  cty::Type thing_type() const { return thing().ImpliedType(); }

  // An edptest_thing configuration: `name` plus the given attributes.
  cty::Value Config(std::map<std::string, cty::Value> set) const;

  tfplugin::Diagnostics Configure(std::map<std::string, cty::Value> config = {});
  tfplugin::Diagnostics Validate(const cty::Value& config);
  tfplugin::PlanResourceChangeResponse Plan(const cty::Value& prior, const cty::Value& config,
                                            const std::string& prior_private = "");
  tfplugin::ApplyResourceChangeResponse Apply(const cty::Value& prior, const cty::Value& planned,
                                              const cty::Value& config,
                                              const std::string& planned_private = "");
  tfplugin::ReadResourceResponse Read(const cty::Value& state, const std::string& priv = "");

  // Plan + apply of a create; fails the test on any error.
  struct Applied {
    cty::Value state;
    std::string private_data;
  };
  Applied Create(const cty::Value& config);
  Applied Update(const Applied& prior, const cty::Value& config);

 private:
  std::shared_ptr<framework::FrameworkProvider> provider_;
};

}  // namespace fwtest

#endif  // EDP_TESTS_UNIT_FRAMEWORK_HARNESS_H_
