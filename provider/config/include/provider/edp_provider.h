// provider::EdpProvider: the framework::Provider behind
// terraform-provider-edp (type name "edp"): the OTC provider block
// (otc_config.h) and the list of resources and data sources.
//
// Configure resolves the configuration and the environment into
// Credentials, builds the otc::Client from them (no network until the first
// request) and hands a std::shared_ptr<const resources::ProviderData>
// (provider/resources/include/resources/common.h) to every resource and
// data source (ConfigureRequest::provider_data). Resources() and
// DataSources() are resources::AllResources() / AllDataSources().
//
// Thread safety: see framework/provider.h.
#ifndef EDP_PROVIDER_EDP_PROVIDER_H_
#define EDP_PROVIDER_EDP_PROVIDER_H_

#include <memory>
#include <string>
#include <vector>

#include "framework/env.h"
#include "framework/framework_provider.h"
#include "framework/provider.h"

namespace provider {

inline constexpr const char* kProviderTypeName = "edp";
inline constexpr const char* kProviderAddress = "registry.opentofu.org/edp/edp";

class EdpProvider final : public framework::Provider {
 public:
  explicit EdpProvider(framework::EnvLookup env = framework::ProcessEnv(),
                       std::string version = "0.1.0");

  void Metadata(const framework::Context& ctx, const framework::ProviderMetadataRequest& req,
                framework::ProviderMetadataResponse& resp) override;
  void Schema(const framework::Context& ctx, const framework::ProviderSchemaRequest& req,
              framework::ProviderSchemaResponse& resp) override;
  void Configure(const framework::Context& ctx, const framework::ProviderConfigureRequest& req,
                 framework::ProviderConfigureResponse& resp) override;
  std::vector<framework::ResourceFactory> Resources() override;
  std::vector<framework::DataSourceFactory> DataSources() override;

 private:
  framework::EnvLookup env_;
  std::string version_;
};

// The tfplugin::Provider that main() serves.
std::shared_ptr<framework::FrameworkProvider> NewEdpProvider(
    framework::EnvLookup env = framework::ProcessEnv());

}  // namespace provider

#endif  // EDP_PROVIDER_EDP_PROVIDER_H_
