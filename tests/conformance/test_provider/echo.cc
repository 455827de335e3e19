// edptest_echo: a data source that echoes its input (and looks up things).
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "edptest_provider.h"
#include "framework/data_source.h"
#include "framework/values.h"
#include "store.h"

namespace edptest {
namespace {

namespace fw = framework;

class Echo final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_echo";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&,
              fw::DataSourceSchemaResponse& resp) override {
    fw::Block& b = resp.schema.block;
    b.description = "Echoes its input.";
    b.Add("input", fw::StringAttribute().Required().Description("The text to echo."));
    b.Add("upper", fw::BoolAttribute().Optional().Description("Upper-case the output."));
    b.Add("thing_id", fw::StringAttribute().Optional().Description("A thing to look up."));
    b.Add("output", fw::StringAttribute().Computed());
    b.Add("length", fw::NumberAttribute().Computed());
    b.Add("id", fw::StringAttribute().Computed());
    b.Add("thing_name", fw::StringAttribute().Computed());
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req,
                 fw::ConfigureResponse&) override {
    if (auto* d = std::any_cast<std::shared_ptr<ProviderData>>(&req.provider_data)) {
      store_ = (*d)->store;
    }
  }
  void Read(const fw::Context&, const fw::DataSourceReadRequest& req,
            fw::DataSourceReadResponse& resp) override {
    std::string input = fw::GetString(req.config, "input").value_or("");
    std::string output = input;
    if (fw::GetBool(req.config, "upper").value_or(false)) {
      std::transform(output.begin(), output.end(), output.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    }
    cty::Value v = resp.state;
    v = fw::WithAttr(v, "output", cty::Value::String(output));
    v = fw::WithAttr(v, "length", cty::Value::Int(static_cast<int64_t>(input.size())));
    v = fw::WithAttr(v, "id", cty::Value::String("echo-" + input));
    if (auto thing = fw::GetString(req.config, "thing_id")) {
      auto json = store_ ? store_->Get(*thing) : std::nullopt;
      if (!json) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("thing_id"), "Thing Not Found",
                                           "There is no thing with ID \"" + *thing + "\".");
        return;
      }
      auto obj = nlohmann::json::parse(*json, nullptr, false);
      std::string name;
      if (obj.is_object() && obj.contains("name") && obj["name"].is_string()) {
        name = obj["name"].get<std::string>();
      }
      v = fw::WithAttr(v, "thing_name", cty::Value::String(name));
    }
    resp.state = v;
  }

 private:
  std::shared_ptr<Store> store_;
};

}  // namespace

fw::DataSourceFactory EchoFactory() {
  return [] { return std::make_unique<Echo>(); };
}

}  // namespace edptest
