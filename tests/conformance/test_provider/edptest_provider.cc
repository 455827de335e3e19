// The edptest provider: configuration and registration.
#include "edptest_provider.h"

#include "framework/env.h"
#include "framework/values.h"
#include "store.h"

namespace edptest {
namespace {

namespace fw = framework;

class EdptestProvider final : public fw::Provider {
 public:
  explicit EdptestProvider(Options options) : options_(std::move(options)) {}

  void Metadata(const fw::Context&, const fw::ProviderMetadataRequest&,
                fw::ProviderMetadataResponse& resp) override {
    resp.type_name = "edptest";
    resp.version = "0.0.1";
  }
  void Schema(const fw::Context&, const fw::ProviderSchemaRequest&,
              fw::ProviderSchemaResponse& resp) override {
    resp.schema = ProviderSchema();
  }
  void Configure(const fw::Context&, const fw::ProviderConfigureRequest& req,
                 fw::ProviderConfigureResponse& resp) override {
    fw::Schema schema = ProviderSchema();
    cty::Value config = req.config.IsNull() ? fw::EmptyValue(schema.block) : req.config;
    config = fw::ApplyEnvDefaults(schema.block, config, options_.env, resp.diagnostics);
    if (fw::GetBool(config, "fail_configure").value_or(false)) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("fail_configure"), "Configure Failed",
                                         "The test provider was told to fail configuration.");
      return;
    }
    auto data = std::make_shared<ProviderData>();
    data->store = std::make_shared<Store>(fw::GetString(config, "store_path").value_or(""));
    resp.provider_data = data;
  }
  std::vector<fw::ResourceFactory> Resources() override {
    return {ThingFactory(options_.nested_attributes)};
  }
  std::vector<fw::DataSourceFactory> DataSources() override { return {EchoFactory()}; }

 private:
  static fw::Schema ProviderSchema() {
    fw::Schema s;
    s.block.description = "A test-only provider.";
    s.block.Add("store_path",
                fw::StringAttribute()
                    .Optional()
                    .Env({"EDPTEST_STORE"})
                    .Description("Where objects are kept (JSON file); in memory if unset."));
    s.block.Add("fail_configure", fw::BoolAttribute().Optional());
    return s;
  }

  Options options_;
};

}  // namespace

std::shared_ptr<framework::Provider> NewProvider(Options options) {
  return std::make_shared<EdptestProvider>(std::move(options));
}

std::shared_ptr<framework::FrameworkProvider> NewFrameworkProvider(Options options) {
  return std::make_shared<framework::FrameworkProvider>(NewProvider(std::move(options)));
}

}  // namespace edptest
