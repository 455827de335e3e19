// FrameworkProvider: registration, schemas, configuration, cancellation.
// The per-RPC logic lives in server_*.cc.
#include "framework/framework_provider.h"

#include <utility>

#include "framework/schema_check.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {

FrameworkProvider::Impl::Operation::Operation(Impl& impl) : impl_(impl) {
  std::lock_guard<std::mutex> lock(impl_.inflight_mu);
  id_ = impl_.next_op++;
  impl_.inflight.emplace(id_, source_);
}

FrameworkProvider::Impl::Operation::~Operation() {
  std::lock_guard<std::mutex> lock(impl_.inflight_mu);
  impl_.inflight.erase(id_);
}

const ResourceEntry* FrameworkProvider::Impl::FindResource(std::string_view name,
                                                           tfplugin::Diagnostics& diags) const {
  auto it = resources.find(name);
  if (it != resources.end()) return &it->second;
  diags.AddError("Unknown Resource Type",
                 "The provider " + type_name + " has no resource type \"" + std::string(name) +
                     "\". Check the spelling, or upgrade the provider if the type is new.");
  return nullptr;
}

const DataSourceEntry* FrameworkProvider::Impl::FindDataSource(std::string_view name,
                                                               tfplugin::Diagnostics& diags) const {
  auto it = data_sources.find(name);
  if (it != data_sources.end()) return &it->second;
  diags.AddError("Unknown Data Source Type",
                 "The provider " + type_name + " has no data source type \"" + std::string(name) +
                     "\". Check the spelling, or upgrade the provider if the type is new.");
  return nullptr;
}

std::any FrameworkProvider::Impl::ProviderData() const {
  std::shared_lock<std::shared_mutex> lock(data_mu);
  return provider_data;
}

std::unique_ptr<Resource> FrameworkProvider::Impl::NewResource(const ResourceEntry& entry,
                                                               const Context& ctx,
                                                               tfplugin::Diagnostics& diags) const {
  std::unique_ptr<Resource> r;
  internal::Guard(diags, "creating the " + entry.type_name + " resource",
                  [&] { r = entry.factory(); });
  if (!r) {
    if (!diags.HasError()) {
      diags.AddError("Provider Internal Error",
                     "The factory of " + entry.type_name +
                         " returned no resource. This is a bug in the provider.");
    }
    return nullptr;
  }
  if (auto* c = dynamic_cast<ResourceWithConfigure*>(r.get())) {
    ConfigureRequest req{ProviderData()};
    ConfigureResponse resp;
    internal::Guard(diags, "configuring " + entry.type_name, [&] { c->Configure(ctx, req, resp); });
    diags.Append(resp.diagnostics);
    if (resp.diagnostics.HasError()) return nullptr;
  }
  return r;
}

std::unique_ptr<DataSource> FrameworkProvider::Impl::NewDataSource(
    const DataSourceEntry& entry, const Context& ctx, tfplugin::Diagnostics& diags) const {
  std::unique_ptr<DataSource> d;
  internal::Guard(diags, "creating the " + entry.type_name + " data source",
                  [&] { d = entry.factory(); });
  if (!d) {
    if (!diags.HasError()) {
      diags.AddError("Provider Internal Error",
                     "The factory of " + entry.type_name +
                         " returned no data source. This is a bug in the provider.");
    }
    return nullptr;
  }
  if (auto* c = dynamic_cast<DataSourceWithConfigure*>(d.get())) {
    ConfigureRequest req{ProviderData()};
    ConfigureResponse resp;
    internal::Guard(diags, "configuring " + entry.type_name, [&] { c->Configure(ctx, req, resp); });
    diags.Append(resp.diagnostics);
    if (resp.diagnostics.HasError()) return nullptr;
  }
  return d;
}

namespace {

// Schema-check findings, reworded for GetProviderSchema (attribute paths
// there would point into the user's provider block).
void AppendSchemaProblems(const std::string& owner, const tfplugin::Diagnostics& found,
                          tfplugin::Diagnostics& out) {
  for (const auto& d : found) {
    tfplugin::Diagnostic copy = d;
    copy.attribute.reset();
    copy.detail = owner + ": " + copy.detail;
    out.Add(std::move(copy));
  }
}

}  // namespace

FrameworkProvider::FrameworkProvider(std::shared_ptr<framework::Provider> provider)
    : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  impl.provider = std::move(provider);
  Context ctx;
  tfplugin::Diagnostics& diags = impl.registration_diags;

  ProviderMetadataResponse meta;
  internal::Guard(diags, "the provider's Metadata",
                  [&] { impl.provider->Metadata(ctx, {}, meta); });
  impl.type_name = meta.type_name;

  ProviderSchemaResponse ps;
  internal::Guard(diags, "the provider's Schema", [&] { impl.provider->Schema(ctx, {}, ps); });
  diags.Append(ps.diagnostics);
  impl.provider_schema = std::move(ps.schema);
  AppendSchemaProblems("provider " + impl.type_name,
                       CheckSchema(impl.provider_schema, {SchemaKind::kProvider, false}), diags);
  impl.provider_wire = ToWire(impl.provider_schema);

  std::vector<ResourceFactory> resources;
  internal::Guard(diags, "the provider's Resources",
                  [&] { resources = impl.provider->Resources(); });
  for (auto& factory : resources) {
    std::unique_ptr<Resource> r;
    internal::Guard(diags, "a resource factory", [&] { r = factory ? factory() : nullptr; });
    if (!r) continue;
    ResourceMetadataResponse m;
    internal::Guard(diags, "a resource's Metadata", [&] { r->Metadata(ctx, {impl.type_name}, m); });
    ResourceSchemaResponse s;
    internal::Guard(diags, "the Schema of " + m.type_name, [&] { r->Schema(ctx, {}, s); });
    diags.Append(s.diagnostics);
    if (m.type_name.empty() || impl.resources.count(m.type_name)) {
      diags.AddError("Invalid Resource Registration",
                     "A resource type name is empty or registered twice (\"" + m.type_name +
                         "\"). This is a bug in the provider.");
      continue;
    }
    AppendSchemaProblems(m.type_name, CheckSchema(s.schema, {SchemaKind::kResource, false}), diags);
    ResourceEntry e{m.type_name, std::move(factory), s.schema, s.schema.ImpliedType(),
                    ToWire(s.schema)};
    impl.resource_schemas.emplace(m.type_name, std::move(s.schema));
    impl.resources.emplace(m.type_name, std::move(e));
  }

  std::vector<DataSourceFactory> data_sources;
  internal::Guard(diags, "the provider's DataSources",
                  [&] { data_sources = impl.provider->DataSources(); });
  for (auto& factory : data_sources) {
    std::unique_ptr<DataSource> d;
    internal::Guard(diags, "a data source factory", [&] { d = factory ? factory() : nullptr; });
    if (!d) continue;
    DataSourceMetadataResponse m;
    internal::Guard(diags, "a data source's Metadata",
                    [&] { d->Metadata(ctx, {impl.type_name}, m); });
    DataSourceSchemaResponse s;
    internal::Guard(diags, "the Schema of " + m.type_name, [&] { d->Schema(ctx, {}, s); });
    diags.Append(s.diagnostics);
    if (m.type_name.empty() || impl.data_sources.count(m.type_name)) {
      diags.AddError("Invalid Data Source Registration",
                     "A data source type name is empty or registered twice (\"" + m.type_name +
                         "\"). This is a bug in the provider.");
      continue;
    }
    AppendSchemaProblems(m.type_name, CheckSchema(s.schema, {SchemaKind::kDataSource, false}),
                         diags);
    DataSourceEntry e{m.type_name, std::move(factory), s.schema, s.schema.ImpliedType(),
                      ToWire(s.schema)};
    impl.data_source_schemas.emplace(m.type_name, std::move(s.schema));
    impl.data_sources.emplace(m.type_name, std::move(e));
  }
}

FrameworkProvider::~FrameworkProvider() = default;

const std::string& FrameworkProvider::type_name() const { return impl_->type_name; }
const Schema& FrameworkProvider::provider_schema() const { return impl_->provider_schema; }
const std::map<std::string, Schema>& FrameworkProvider::resource_schemas() const {
  return impl_->resource_schemas;
}
const std::map<std::string, Schema>& FrameworkProvider::data_source_schemas() const {
  return impl_->data_source_schemas;
}
const tfplugin::Diagnostics& FrameworkProvider::registration_diagnostics() const {
  return impl_->registration_diags;
}
bool FrameworkProvider::configured() const {
  std::shared_lock<std::shared_mutex> lock(impl_->data_mu);
  return impl_->configured;
}

tfplugin::GetProviderSchemaResponse FrameworkProvider::GetProviderSchema() {
  tfplugin::GetProviderSchemaResponse resp;
  resp.provider = impl_->provider_wire;
  for (const auto& [name, e] : impl_->resources) resp.resource_schemas.emplace(name, e.wire);
  for (const auto& [name, e] : impl_->data_sources) resp.data_source_schemas.emplace(name, e.wire);
  resp.capabilities.plan_destroy = true;
  resp.capabilities.get_provider_schema_optional = true;
  resp.diagnostics = impl_->registration_diags;
  return resp;
}

void FrameworkProvider::ConfigureProvider(const tfplugin::ConfigureProviderRequest& req,
                                          tfplugin::ConfigureProviderResponse& resp) {
  tfplugin::log::Debug("ConfigureProvider", {{"tf_provider", impl_->type_name},
                                             {"terraform_version", req.terraform_version}});
  Impl::Operation op(*impl_);
  ProviderConfigureRequest preq{req.terraform_version, req.config};
  ProviderConfigureResponse presp;
  internal::Guard(resp.diagnostics, "the provider's Configure",
                  [&] { impl_->provider->Configure(op.context(), preq, presp); });
  resp.diagnostics.Append(presp.diagnostics);
  if (resp.diagnostics.HasError()) return;
  std::unique_lock<std::shared_mutex> lock(impl_->data_mu);
  impl_->provider_data = std::move(presp.provider_data);
  impl_->configured = true;
}

std::string FrameworkProvider::StopProvider() {
  std::lock_guard<std::mutex> lock(impl_->inflight_mu);
  tfplugin::log::Info("StopProvider: cancelling in-flight operations",
                      {{"count", std::to_string(impl_->inflight.size())}});
  for (const auto& [id, source] : impl_->inflight) source.Cancel();
  return "";
}

}  // namespace framework
