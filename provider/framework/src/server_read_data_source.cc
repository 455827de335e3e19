// ReadDataSource.
#include "framework/framework_provider.h"
#include "framework/timeouts.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {

void FrameworkProvider::ReadDataSource(const tfplugin::ReadDataSourceRequest& req,
                                       tfplugin::ReadDataSourceResponse& resp) {
  tfplugin::log::Debug("ReadDataSource", {{"tf_data_source_type", req.type_name}});
  const DataSourceEntry* entry = impl_->FindDataSource(req.type_name, resp.diagnostics);
  if (!entry) return;
  tfplugin::Diagnostics& diags = resp.diagnostics;
  const Block& block = entry->schema.block;
  resp.state = cty::Value::Null(entry->type);

  impl_->ValidateDataSourceConfig(*entry, req.config, diags);
  if (diags.HasError()) return;
  if (!req.config.IsWhollyKnown()) {
    diags.AddError("Data Source Configuration Not Known",
                   "The configuration of this " + entry->type_name +
                       " still contains unknown values, so it cannot be read yet. This is a bug "
                       "in the caller: OpenTofu reads data sources only once their "
                       "configuration is known.");
    return;
  }

  Impl::Operation op(*impl_);
  Context ctx = op.context();
  if (auto timeout = EffectiveTimeout(entry->schema, req.config, Operation::kRead)) {
    ctx = ctx.WithTimeout(*timeout, "read");
  }
  auto ds = impl_->NewDataSource(*entry, ctx, diags);
  if (!ds) return;
  DataSourceReadRequest rreq{req.config};
  DataSourceReadResponse rresp{req.config, {}};
  internal::Guard(diags, "Read of " + entry->type_name, [&] { ds->Read(ctx, rreq, rresp); });
  diags.Append(rresp.diagnostics);
  if (diags.HasError()) return;

  cty::Value state = rresp.state.UnmarkDeep();
  if (!internal::CheckType(block, state, entry->type_name, "result", diags)) return;
  if (state.IsNull()) {
    diags.AddError("Missing Data Source State",
                   "The read of " + entry->type_name +
                       " returned no object. This is always a bug in the provider; please report "
                       "it to the provider developers.");
    return;
  }
  if (!internal::CheckWhollyKnown(block, state, entry->type_name, "Read", diags)) return;
  internal::CheckPlannedAgainstConfig(block, cty::Value::Null(entry->type), req.config, state,
                                      entry->type_name, "data source result", diags);
  if (diags.HasError()) return;
  resp.state = internal::NormalizeBlocks(block, state);
}

}  // namespace framework
