// PlanResourceChange.
#include "framework/framework_provider.h"
#include "framework/values.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {

void FrameworkProvider::PlanResourceChange(const tfplugin::PlanResourceChangeRequest& req,
                                           tfplugin::PlanResourceChangeResponse& resp) {
  tfplugin::log::Debug("PlanResourceChange", {{"tf_resource_type", req.type_name}});
  const ResourceEntry* entry = impl_->FindResource(req.type_name, resp.diagnostics);
  if (!entry) return;
  const Block& block = entry->schema.block;
  tfplugin::Diagnostics& diags = resp.diagnostics;
  resp.planned_state = cty::Value::Null(entry->type);
  PrivateState priv = PrivateState::Decode(req.prior_private, diags);
  resp.planned_private = req.prior_private;

  Impl::Operation op(*impl_);
  Context ctx = op.context();
  std::unique_ptr<Resource> resource;
  ResourceWithModifyPlan* modifier = nullptr;
  auto load_modifier = [&]() {
    resource = impl_->NewResource(*entry, ctx, diags);
    modifier = dynamic_cast<ResourceWithModifyPlan*>(resource.get());
  };

  // Destroy: the planned state is null; private data passes through.
  if (req.proposed_new_state.IsNull()) {
    resp.planned_state = cty::Value::Null(entry->type);
    load_modifier();
    if (modifier) {
      ModifyPlanRequest mreq{req.config, req.prior_state, resp.planned_state, priv};
      ModifyPlanResponse mresp{resp.planned_state, {}, priv, {}};
      internal::Guard(diags, "ModifyPlan of " + entry->type_name,
                      [&] { modifier->ModifyPlan(ctx, mreq, mresp); });
      diags.Append(mresp.diagnostics);
      if (!mresp.plan.IsNull()) {
        diags.AddError("Provider Produced Invalid Plan",
                       "ModifyPlan of " + entry->type_name +
                           " returned an object for a destroy plan; destroying must always plan "
                           "null. This is always a bug in the provider; please report it to the "
                           "provider developers.");
      }
      resp.planned_private = mresp.private_state.Encode();
    }
    return;
  }

  internal::PlanInput in{&entry->schema, req.prior_state, req.proposed_new_state, req.config};
  internal::PlanOutput out = internal::PlanChange(in, diags);
  if (diags.HasError()) return;
  cty::Value planned = out.planned;
  std::vector<cty::Path> replace = std::move(out.requires_replace);

  load_modifier();
  if (!resource) return;
  if (modifier) {
    ModifyPlanRequest mreq{req.config, req.prior_state, planned, priv};
    ModifyPlanResponse mresp{planned, {}, priv, {}};
    internal::Guard(diags, "ModifyPlan of " + entry->type_name,
                    [&] { modifier->ModifyPlan(ctx, mreq, mresp); });
    diags.Append(mresp.diagnostics);
    if (diags.HasError()) return;
    if (!internal::CheckType(block, mresp.plan, entry->type_name, "plan", diags)) return;
    planned = internal::NullWriteOnly(block, mresp.plan.UnmarkDeep());
    replace.insert(replace.end(), mresp.requires_replace.begin(), mresp.requires_replace.end());
    resp.planned_private = mresp.private_state.Encode();
  }

  internal::CheckPlannedAgainstConfig(block, req.prior_state, req.config, planned, entry->type_name,
                                      "plan", diags);
  if (diags.HasError()) return;
  resp.planned_state = planned;
  resp.requires_replace = internal::FilterRequiresReplace(replace, req.prior_state, planned);
}

}  // namespace framework
