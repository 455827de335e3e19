// Ready-made plan modifiers.
#include <utility>

#include "framework/plan_modifier.h"

namespace framework {
namespace {

// True on an update (prior and planned objects exist) whose value changed.
bool ChangedOnUpdate(const PlanModifierRequest& req) {
  if (req.state_root.IsNull() || req.plan_root.IsNull()) return false;
  if (!req.plan.IsWhollyKnown()) return true;
  return !req.plan.RawEquals(req.state);
}

class RequiresReplaceModifier final : public PlanModifier {
 public:
  std::string Description() const override {
    return "If the value of this attribute changes, the resource is destroyed and created again.";
  }
  std::string MarkdownDescription() const override {
    return "Changing this forces a new resource.";
  }
  bool MayRequireReplace() const override { return true; }
  void Modify(const PlanModifierRequest& req, PlanModifierResponse& resp) const override {
    if (ChangedOnUpdate(req)) resp.requires_replace = true;
  }
};

class RequiresReplaceIfModifier final : public PlanModifier {
 public:
  RequiresReplaceIfModifier(std::function<bool(const PlanModifierRequest&)> fn,
                            std::string description)
      : fn_(std::move(fn)), description_(std::move(description)) {}
  std::string Description() const override {
    return "If the value of this attribute changes and " + description_ +
           ", the resource is destroyed and created again.";
  }
  std::string MarkdownDescription() const override {
    return "Changing this forces a new resource when " + description_ + ".";
  }
  bool MayRequireReplace() const override { return true; }
  void Modify(const PlanModifierRequest& req, PlanModifierResponse& resp) const override {
    if (ChangedOnUpdate(req) && fn_(req)) resp.requires_replace = true;
  }

 private:
  std::function<bool(const PlanModifierRequest&)> fn_;
  std::string description_;
};

class UseStateForUnknownModifier final : public PlanModifier {
 public:
  std::string Description() const override {
    return "Once set, the value of this attribute in state will not change.";
  }
  std::string MarkdownDescription() const override { return Description(); }
  void Modify(const PlanModifierRequest& req, PlanModifierResponse& resp) const override {
    if (req.state_root.IsNull() || req.plan_root.IsNull()) return;  // create / destroy
    if (req.state.IsNull()) return;                                 // nothing to keep
    if (req.plan.IsKnown()) return;                                 // already decided
    if (!req.config.IsKnown()) return;                              // config decides later
    if (req.state.type() != req.plan.type()) return;
    resp.plan = req.state;
  }
};

}  // namespace

PlanModifierPtr RequiresReplace() { return std::make_shared<RequiresReplaceModifier>(); }
PlanModifierPtr RequiresReplaceIf(std::function<bool(const PlanModifierRequest&)> fn,
                                  std::string description) {
  return std::make_shared<RequiresReplaceIfModifier>(std::move(fn), std::move(description));
}
PlanModifierPtr UseStateForUnknown() { return std::make_shared<UseStateForUnknownModifier>(); }

}  // namespace framework
