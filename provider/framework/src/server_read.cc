// ReadResource.
#include "framework/framework_provider.h"
#include "framework/timeouts.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {

void FrameworkProvider::ReadResource(const tfplugin::ReadResourceRequest& req,
                                     tfplugin::ReadResourceResponse& resp) {
  tfplugin::log::Debug("ReadResource", {{"tf_resource_type", req.type_name}});
  const ResourceEntry* entry = impl_->FindResource(req.type_name, resp.diagnostics);
  if (!entry) return;
  tfplugin::Diagnostics& diags = resp.diagnostics;
  const Block& block = entry->schema.block;
  resp.new_state = req.current_state;
  resp.private_data = req.private_data;
  if (req.current_state.IsNull()) return;  // nothing to refresh

  PrivateState priv = PrivateState::Decode(req.private_data, diags);
  if (diags.HasError()) return;
  Impl::Operation op(*impl_);
  Context ctx = op.context();
  if (auto timeout = EffectiveTimeout(entry->schema, req.current_state, Operation::kRead)) {
    ctx = ctx.WithTimeout(*timeout, "read");
  }
  auto resource = impl_->NewResource(*entry, ctx, diags);
  if (!resource) return;

  ReadRequest rreq{req.current_state, priv};
  ReadResponse rresp{req.current_state, priv, {}};
  internal::Guard(diags, "Read of " + entry->type_name, [&] { resource->Read(ctx, rreq, rresp); });
  diags.Append(rresp.diagnostics);
  if (diags.HasError()) return;  // the state is left as it was

  cty::Value state = rresp.state.UnmarkDeep();
  if (!internal::CheckType(block, state, entry->type_name, "refreshed state", diags)) return;
  if (state.IsNull()) {
    // The remote object is gone: OpenTofu drops it from state.
    resp.new_state = state;
    resp.private_data.clear();
    return;
  }
  if (!internal::CheckWhollyKnown(block, state, entry->type_name, "Read", diags)) return;
  resp.new_state = internal::NullWriteOnly(block, state);
  resp.private_data = rresp.private_state.Encode();
}

}  // namespace framework
