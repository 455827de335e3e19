// terraform-provider-edp's framework::Provider.
#include "provider/edp_provider.h"

#include <utility>

#include "otc/client.h"
#include "provider/otc_config.h"
#include "resources/common.h"
#include "resources/resources.h"
#include "tfplugin/log.h"

namespace provider {

EdpProvider::EdpProvider(framework::EnvLookup env, std::string version)
    : env_(std::move(env)), version_(std::move(version)) {}

void EdpProvider::Metadata(const framework::Context&, const framework::ProviderMetadataRequest&,
                           framework::ProviderMetadataResponse& resp) {
  resp.type_name = kProviderTypeName;
  resp.version = version_;
}

void EdpProvider::Schema(const framework::Context&, const framework::ProviderSchemaRequest&,
                         framework::ProviderSchemaResponse& resp) {
  resp.schema = OtcProviderSchema();
}

void EdpProvider::Configure(const framework::Context&,
                            const framework::ProviderConfigureRequest& req,
                            framework::ProviderConfigureResponse& resp) {
  auto creds = ResolveCredentials(req.config, env_, resp.diagnostics);
  if (!creds) return;
  std::string summary = creds->Redacted();
  tfplugin::log::Debug("provider configured", {{"credentials", summary}});
  auto data = std::make_shared<resources::ProviderData>();
  data->region = creds->region;
  // No network yet: the client authenticates on its first request.
  data->client = otc::Client::New(*creds);
  resp.provider_data = std::shared_ptr<const resources::ProviderData>(std::move(data));
}

std::vector<framework::ResourceFactory> EdpProvider::Resources() { return resources::AllResources(); }

std::vector<framework::DataSourceFactory> EdpProvider::DataSources() {
  return resources::AllDataSources();
}

std::shared_ptr<framework::FrameworkProvider> NewEdpProvider(framework::EnvLookup env) {
  return std::make_shared<framework::FrameworkProvider>(
      std::make_shared<EdpProvider>(std::move(env)));
}

}  // namespace provider
