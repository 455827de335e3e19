// data "edp_rds_flavors": the RDS flavors of one engine version and
// instance mode (as opentelekomcloud_rds_flavors_v3: GET
// /v3/{pid}/flavors/{db_type}?version_name={db_version}, instance_mode
// filtered client-side). An empty result is an error that names the
// filters, so a typo does not silently yield no flavor.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/rds.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::GetString;
using fw::WithAttr;

cty::Type FlavorType() {
  return cty::Type::Object({{"name", cty::Type::String()},
                            {"vcpus", cty::Type::String()},
                            {"memory", cty::Type::Number()},
                            {"mode", cty::Type::String()},
                            {"az_status", cty::Type::Map(cty::Type::String())}});
}

fw::Schema FlavorsSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Lists the RDS flavors (spec codes) offered for one engine version and instance mode, with their size "
      "and availability per AZ. At least one flavor must match.";
  b.Add("id", fw::StringAttribute().Computed().Description("An identifier of this lookup (`<db_type>/<db_version>/<instance_mode>`)."));
  b.Add("db_type", fw::StringAttribute()
                       .Required()
                       .Description("The engine: `MySQL`, `PostgreSQL` or `SQLServer`.")
                       .Validators({fw::StringOneOf({"MySQL", "PostgreSQL", "SQLServer"})}));
  b.Add("db_version", fw::StringAttribute()
                          .Required()
                          .Description("The engine's major version, e.g. `13` or `8.0` (see `edp_rds_versions`).")
                          .Validators({fw::StringLengthAtLeast(1)}));
  b.Add("instance_mode", fw::StringAttribute()
                             .Required()
                             .Description("`single`, `ha` or `replica`.")
                             .Validators({fw::StringOneOf({"single", "ha", "replica"})}));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  b.Add("flavors", fw::ListAttribute(FlavorType())
                       .Computed()
                       .Description("The matching flavors: `name` (the spec code for `edp_rds_instance.flavor`), "
                                    "`vcpus`, `memory` (GB), `mode` and `az_status` (AZ to `normal`, "
                                    "`unsupported` or `sellout`)."));
  return s;
}

class FlavorsData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_rds_flavors";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = FlavorsSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req, fw::DataSourceReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    if (auto region = GetString(req.config, "region"); region && *region != data_->region) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
                                         "region is \"" + *region + "\" but this provider manages \"" +
                                             data_->region + "\". Use a provider alias for that region.");
      return;
    }
    const std::string type = GetString(req.config, "db_type").value_or("");
    const std::string version = GetString(req.config, "db_version").value_or("");
    const std::string mode = GetString(req.config, "instance_mode").value_or("");
    auto all = otc::rds::ListFlavors(ctx, *data_->client, type, version);
    if (!all.ok()) return AddOtcError(resp.diagnostics, all.error());
    std::vector<cty::Value> out;
    for (const auto& f : all.value()) {
      if (f.instance_mode != mode) continue;
      std::map<std::string, cty::Value> az;
      for (const auto& [k, v] : f.az_status) az.emplace(k, cty::Value::String(v));
      out.push_back(cty::Value::ObjectOf(FlavorType(), {{"name", cty::Value::String(f.spec_code)},
                                                        {"vcpus", cty::Value::String(f.vcpus)},
                                                        {"memory", cty::Value::Int(f.ram)},
                                                        {"mode", cty::Value::String(f.instance_mode)},
                                                        {"az_status", cty::Value::Map(cty::Type::String(), az)}}));
    }
    if (out.empty()) {
      resp.diagnostics.AddError("No RDS Flavor Found",
                                "RDS offers no " + mode + " flavor for " + type + " " + version +
                                    " in this region. Check db_version (see the edp_rds_versions data source) and "
                                    "instance_mode.");
      return;
    }
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(type + "/" + version + "/" + mode));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "flavors", cty::Value::List(FlavorType(), std::move(out)));
    resp.state = s;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory RdsFlavorsDataSource() {
  return [] { return std::make_unique<FlavorsData>(); };
}

}  // namespace resources
