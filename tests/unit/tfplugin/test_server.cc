// A minimal provider plugin for the transport tests: an empty schema and
// no-op methods, served with tfplugin::Serve. Tests start it through
// PluginClient (or by hand) and drive the go-plugin protocol against it.
#include <memory>

#include "tfplugin/provider.h"
#include "tfplugin/serve.h"

namespace {

class EmptyProvider final : public tfplugin::Provider {
 public:
  tfplugin::GetProviderSchemaResponse GetProviderSchema() override { return {}; }
  void ValidateProviderConfig(const tfplugin::ValidateProviderConfigRequest&,
                              tfplugin::ValidateProviderConfigResponse&) override {}
  void ValidateResourceConfig(const tfplugin::ValidateResourceConfigRequest&,
                              tfplugin::ValidateResourceConfigResponse&) override {}
  void ValidateDataResourceConfig(const tfplugin::ValidateDataResourceConfigRequest&,
                                  tfplugin::ValidateDataResourceConfigResponse&) override {}
  void UpgradeResourceState(const tfplugin::UpgradeResourceStateRequest&,
                            tfplugin::UpgradeResourceStateResponse&) override {}
  void ConfigureProvider(const tfplugin::ConfigureProviderRequest&,
                         tfplugin::ConfigureProviderResponse&) override {}
  void ReadResource(const tfplugin::ReadResourceRequest&,
                    tfplugin::ReadResourceResponse&) override {}
  void PlanResourceChange(const tfplugin::PlanResourceChangeRequest&,
                          tfplugin::PlanResourceChangeResponse&) override {}
  void ApplyResourceChange(const tfplugin::ApplyResourceChangeRequest&,
                           tfplugin::ApplyResourceChangeResponse&) override {}
  void ImportResourceState(const tfplugin::ImportResourceStateRequest&,
                           tfplugin::ImportResourceStateResponse&) override {}
  void ReadDataSource(const tfplugin::ReadDataSourceRequest&,
                      tfplugin::ReadDataSourceResponse&) override {}
  std::string StopProvider() override { return ""; }
};

}  // namespace

int main(int argc, char** argv) {
  tfplugin::ServeOptions options;
  options.provider_address = "registry.opentofu.org/edp/transporttest";
  options.log_module = "provider.transporttest";
  options.version = "0.0.0-test";
  return tfplugin::Serve(argc, argv, options, std::make_shared<EmptyProvider>());
}
