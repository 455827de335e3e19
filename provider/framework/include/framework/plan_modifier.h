// framework::PlanModifier: a small object that adjusts the planned value of
// one attribute (or nested block) during PlanResourceChange.
//
// The framework runs modifiers after defaults and after marking computed
// attributes unknown, in the order they are listed, each seeing the previous
// one's result. A modifier may change `resp.plan` (only for computed
// attributes: the framework rejects a plan that changes a configured value)
// and may ask for replacement. Requires-replace requests are reported to
// OpenTofu only when the prior and planned values differ.
//
// Ready-made modifiers:
//   RequiresReplace()          changing the value replaces the resource
//   RequiresReplaceIf(fn, d)   ... only when fn says so (d describes when)
//   UseStateForUnknown()       keep the prior value instead of "known after
//                              apply" (for values that never change, like id)
//
// Thread safety: modifiers are immutable and shared; Modify must be safe to
// call concurrently.
#ifndef EDP_FRAMEWORK_PLAN_MODIFIER_H_
#define EDP_FRAMEWORK_PLAN_MODIFIER_H_

#include <functional>
#include <string>

#include "cty/path.h"
#include "cty/value.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework {

struct PlanModifierRequest {
  cty::Path path;
  cty::Value config;  // configuration value (null if not configured)
  cty::Value state;   // prior value; null on create or without a prior counterpart
  cty::Value plan;    // planned value so far
  cty::Value config_root;
  cty::Value state_root;  // null on create
  cty::Value plan_root;
};

struct PlanModifierResponse {
  cty::Value plan;  // pre-filled with the request's plan
  bool requires_replace = false;
  tfplugin::Diagnostics diagnostics;
};

class PlanModifier {
 public:
  virtual ~PlanModifier() = default;
  virtual std::string Description() const = 0;
  virtual std::string MarkdownDescription() const { return Description(); }
  virtual void Modify(const PlanModifierRequest& req, PlanModifierResponse& resp) const = 0;
  // True if the modifier may force replacement (documentation says
  // "Changing this forces a new resource").
  virtual bool MayRequireReplace() const { return false; }
};

PlanModifierPtr RequiresReplace();
// `fn` decides, for an update whose value changed, whether to replace.
// `description` completes "Changing this forces a new resource when ...".
PlanModifierPtr RequiresReplaceIf(std::function<bool(const PlanModifierRequest&)> fn,
                                  std::string description);
PlanModifierPtr UseStateForUnknown();

}  // namespace framework

#endif  // EDP_FRAMEWORK_PLAN_MODIFIER_H_
