// ValidateProviderConfig, ValidateResourceConfig, ValidateDataResourceConfig.
#include "framework/framework_provider.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {

void FrameworkProvider::ValidateProviderConfig(const tfplugin::ValidateProviderConfigRequest& req,
                                               tfplugin::ValidateProviderConfigResponse& resp) {
  tfplugin::log::Debug("ValidateProviderConfig", {{"tf_provider", impl_->type_name}});
  internal::ValidateConfigValue(impl_->provider_schema.block, req.config, resp.diagnostics);
  if (auto* v = dynamic_cast<ProviderWithValidateConfig*>(impl_->provider.get())) {
    Impl::Operation op(*impl_);
    ValidateConfigResponse vresp;
    internal::Guard(resp.diagnostics, "the provider's ValidateConfig",
                    [&] { v->ValidateConfig(op.context(), {req.config}, vresp); });
    resp.diagnostics.Append(vresp.diagnostics);
  }
}

void FrameworkProvider::ValidateResourceConfig(const tfplugin::ValidateResourceConfigRequest& req,
                                               tfplugin::ValidateResourceConfigResponse& resp) {
  tfplugin::log::Debug("ValidateResourceConfig", {{"tf_resource_type", req.type_name}});
  const ResourceEntry* entry = impl_->FindResource(req.type_name, resp.diagnostics);
  if (!entry) return;
  internal::ValidateConfigValue(entry->schema.block, req.config, resp.diagnostics);
  Impl::Operation op(*impl_);
  Context ctx = op.context();
  tfplugin::Diagnostics scratch;
  auto r = impl_->NewResource(*entry, ctx, scratch);
  // Configure problems are not validation problems (the provider is not
  // configured during validation); only a broken factory is reported.
  if (!r) {
    resp.diagnostics.Append(scratch);
    return;
  }
  if (auto* v = dynamic_cast<ResourceWithValidateConfig*>(r.get())) {
    ValidateConfigResponse vresp;
    internal::Guard(resp.diagnostics, "ValidateConfig of " + entry->type_name,
                    [&] { v->ValidateConfig(ctx, {req.config}, vresp); });
    resp.diagnostics.Append(vresp.diagnostics);
  }
}

void FrameworkProvider::Impl::ValidateDataSourceConfig(const DataSourceEntry& entry,
                                                       const cty::Value& config,
                                                       tfplugin::Diagnostics& diags) {
  internal::ValidateConfigValue(entry.schema.block, config, diags);
  Operation op(*this);
  Context ctx = op.context();
  tfplugin::Diagnostics scratch;
  auto d = NewDataSource(entry, ctx, scratch);
  if (!d) {
    diags.Append(scratch);
    return;
  }
  if (auto* v = dynamic_cast<DataSourceWithValidateConfig*>(d.get())) {
    ValidateConfigResponse vresp;
    internal::Guard(diags, "ValidateConfig of " + entry.type_name,
                    [&] { v->ValidateConfig(ctx, {config}, vresp); });
    diags.Append(vresp.diagnostics);
  }
}

void FrameworkProvider::ValidateDataResourceConfig(
    const tfplugin::ValidateDataResourceConfigRequest& req,
    tfplugin::ValidateDataResourceConfigResponse& resp) {
  tfplugin::log::Debug("ValidateDataResourceConfig", {{"tf_data_source_type", req.type_name}});
  const DataSourceEntry* entry = impl_->FindDataSource(req.type_name, resp.diagnostics);
  if (!entry) return;
  impl_->ValidateDataSourceConfig(*entry, req.config, resp.diagnostics);
}

}  // namespace framework
