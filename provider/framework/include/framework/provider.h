// framework::Provider: what a provider author writes (the provider block's
// schema, Configure, and the list of resources and data sources).
// FrameworkProvider (framework_provider.h) turns it into a
// tfplugin::Provider. Optional: ProviderWithValidateConfig.
//
// Thread safety: Metadata, Schema, Resources and DataSources are called once
// at construction of the FrameworkProvider; Configure once per process (per
// ConfigureProvider RPC); ValidateConfig may run concurrently.
#ifndef EDP_FRAMEWORK_PROVIDER_H_
#define EDP_FRAMEWORK_PROVIDER_H_

#include <any>
#include <string>
#include <vector>

#include "cty/value.h"
#include "framework/context.h"
#include "framework/data_source.h"
#include "framework/resource.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework {

struct ProviderMetadataRequest {};
struct ProviderMetadataResponse {
  std::string type_name;  // "edp": resource type names start with "edp_"
  std::string version;
};

struct ProviderSchemaRequest {};
struct ProviderSchemaResponse {
  framework::Schema schema;
  tfplugin::Diagnostics diagnostics;
};

struct ProviderConfigureRequest {
  std::string terraform_version;
  cty::Value config;  // may contain unknowns during plan
};
struct ProviderConfigureResponse {
  // Handed to every resource's and data source's Configure.
  std::any provider_data;
  tfplugin::Diagnostics diagnostics;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual void Metadata(const Context& ctx, const ProviderMetadataRequest& req,
                        ProviderMetadataResponse& resp) = 0;
  virtual void Schema(const Context& ctx, const ProviderSchemaRequest& req,
                      ProviderSchemaResponse& resp) = 0;
  virtual void Configure(const Context& ctx, const ProviderConfigureRequest& req,
                         ProviderConfigureResponse& resp) = 0;
  virtual std::vector<ResourceFactory> Resources() = 0;
  virtual std::vector<DataSourceFactory> DataSources() = 0;
};

class ProviderWithValidateConfig {
 public:
  virtual ~ProviderWithValidateConfig() = default;
  virtual void ValidateConfig(const Context& ctx, const ValidateConfigRequest& req,
                              ValidateConfigResponse& resp) = 0;
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_PROVIDER_H_
