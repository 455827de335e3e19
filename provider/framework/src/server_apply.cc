// ApplyResourceChange: create, update, delete.
#include "framework/framework_provider.h"
#include "framework/timeouts.h"
#include "framework/values.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {
namespace {

Context WithOperationTimeout(const Context& ctx, const Schema& schema, const cty::Value& object,
                             Operation op) {
  auto timeout = EffectiveTimeout(schema, object, op);
  return timeout ? ctx.WithTimeout(*timeout, std::string(OperationName(op))) : ctx;
}

// The state to return after Create or Update: checked against the plan
// when the resource reported success; with unknowns resolved (to null on
// create, to prior values on update) whenever something went wrong.
cty::Value FinishWrite(const ResourceEntry& entry, std::string_view operation,
                       const cty::Value& prior, const cty::Value& planned, cty::Value state,
                       bool resource_failed, tfplugin::Diagnostics& diags) {
  const Block& block = entry.schema.block;
  bool create = prior.IsNull();
  state = state.UnmarkDeep();
  auto fallback = [&](const cty::Value& v) {
    cty::Value out = create ? v.UnknownAsNull() : UnknownsFrom(v, prior);
    return internal::NullWriteOnly(block, out);
  };
  if (!internal::CheckType(block, state, entry.type_name, "result", diags)) {
    // Nothing usable came back: keep what OpenTofu already knows.
    return create ? fallback(planned) : prior;
  }
  if (resource_failed) {
    // An untouched pre-filled state means nothing happened remotely.
    if (state.IsNull() || state.RawEquals(planned))
      return create ? cty::Value::Null(state.type()) : prior;
    return fallback(state);
  }
  if (state.IsNull()) {
    diags.AddError("Missing Resource State After " + std::string(operation),
                   "The " + std::string(operation == "Create" ? "create" : "update") + " of " +
                       entry.type_name +
                       " reported success but returned no state. This is always a bug in the "
                       "provider; please report it to the provider developers.");
    return create ? fallback(planned) : prior;
  }
  bool known = internal::CheckWhollyKnown(block, state, entry.type_name, operation, diags);
  internal::CheckCompatibleWithPlan(block, planned, state, entry.type_name, operation, diags);
  if (!known) return fallback(state);
  return internal::NullWriteOnly(block, state);
}

}  // namespace

void FrameworkProvider::ApplyResourceChange(const tfplugin::ApplyResourceChangeRequest& req,
                                            tfplugin::ApplyResourceChangeResponse& resp) {
  tfplugin::log::Debug("ApplyResourceChange", {{"tf_resource_type", req.type_name}});
  const ResourceEntry* entry = impl_->FindResource(req.type_name, resp.diagnostics);
  if (!entry) return;
  tfplugin::Diagnostics& diags = resp.diagnostics;
  const Schema& schema = entry->schema;
  bool is_delete = req.planned_state.IsNull();
  bool is_create = req.prior_state.IsNull();
  // Until the resource says otherwise, nothing changed.
  resp.new_state = is_create ? cty::Value::Null(entry->type) : req.prior_state;
  resp.private_data = req.planned_private;

  PrivateState priv = PrivateState::Decode(req.planned_private, diags);
  if (diags.HasError()) return;

  // A change of `timeouts` alone changes nothing remotely.
  if (!is_delete && !is_create &&
      internal::EqualIgnoringTimeouts(req.planned_state, req.prior_state)) {
    resp.new_state =
        internal::NullWriteOnly(schema.block, UnknownsFrom(req.planned_state, req.prior_state));
    return;
  }

  Impl::Operation op(*impl_);
  Context base = op.context();
  auto resource = impl_->NewResource(*entry, base, diags);
  if (!resource) return;

  if (is_delete) {
    Context ctx = WithOperationTimeout(base, schema, req.prior_state, Operation::kDelete);
    DeleteRequest dreq{req.prior_state, priv};
    DeleteResponse dresp;
    internal::Guard(diags, "Delete of " + entry->type_name,
                    [&] { resource->Delete(ctx, dreq, dresp); });
    diags.Append(dresp.diagnostics);
    if (diags.HasError()) return;  // the object stays in state
    resp.new_state = cty::Value::Null(entry->type);
    resp.private_data.clear();
    return;
  }

  if (is_create) {
    Context ctx = WithOperationTimeout(base, schema, req.planned_state, Operation::kCreate);
    CreateRequest creq{req.config, req.planned_state, priv};
    CreateResponse cresp{req.planned_state, priv, {}};
    internal::Guard(diags, "Create of " + entry->type_name,
                    [&] { resource->Create(ctx, creq, cresp); });
    bool failed = cresp.diagnostics.HasError() || diags.HasError();
    diags.Append(cresp.diagnostics);
    resp.new_state = FinishWrite(*entry, "Create", req.prior_state, req.planned_state, cresp.state,
                                 failed, diags);
    resp.private_data = resp.new_state.IsNull() ? std::string() : cresp.private_state.Encode();
    return;
  }

  Context ctx = WithOperationTimeout(base, schema, req.planned_state, Operation::kUpdate);
  UpdateRequest ureq{req.config, req.planned_state, req.prior_state, priv};
  UpdateResponse uresp{req.planned_state, priv, {}};
  internal::Guard(diags, "Update of " + entry->type_name,
                  [&] { resource->Update(ctx, ureq, uresp); });
  bool failed = uresp.diagnostics.HasError() || diags.HasError();
  diags.Append(uresp.diagnostics);
  resp.new_state =
      FinishWrite(*entry, "Update", req.prior_state, req.planned_state, uresp.state, failed, diags);
  resp.private_data = uresp.private_state.Encode();
}

}  // namespace framework
