// data "edp_rds_versions": the versions RDS offers for one engine (as
// opentelekomcloud_rds_versions_v3: GET /v3/{pid}/datastores/{name}). The
// engine name is matched case-insensitively and sent as the API spells it.
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

fw::Schema VersionsSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description = "Lists the engine versions RDS offers for one database engine. At least one must exist.";
  b.Add("id", fw::StringAttribute().Computed().Description("The engine name as the API spells it."));
  b.Add("database_name", fw::StringAttribute()
                             .Required()
                             .Description("The engine: `MySQL`, `PostgreSQL` or `SQLServer` (any letter case).")
                             .Validators({fw::StringMatches("^([Mm][Yy][Ss][Qq][Ll]|[Pp][Oo][Ss][Tt][Gg][Rr][Ee][Ss][Qq][Ll]|"
                                                            "[Ss][Qq][Ll][Ss][Ee][Rr][Vv][Ee][Rr])$",
                                                            "must be MySQL, PostgreSQL or SQLServer")}));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  b.Add("versions", fw::ListAttribute(cty::Type::String())
                        .Computed()
                        .Description("The version names, e.g. `[\"12\", \"13\", \"14\"]`, for `db.version`."));
  return s;
}

// The API's spelling of an engine name given in any case ("" if unknown).
std::string Canonical(std::string name) {
  for (char& ch : name) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  if (name == "mysql") return "MySQL";
  if (name == "postgresql") return "PostgreSQL";
  if (name == "sqlserver") return "SQLServer";
  return "";
}

class VersionsData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_rds_versions";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = VersionsSchema();
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
    const std::string given = GetString(req.config, "database_name").value_or("");
    const std::string name = Canonical(given);
    if (name.empty()) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("database_name"), "Unknown Database Engine",
                                         "database_name \"" + given + "\" is not MySQL, PostgreSQL or SQLServer.");
      return;
    }
    auto versions = otc::rds::ListVersions(ctx, *data_->client, name);
    if (!versions.ok()) return AddOtcError(resp.diagnostics, versions.error());
    if (versions->empty()) {
      resp.diagnostics.AddError("No RDS Version Found",
                                "RDS offers no version of " + name + " in this region; choose another engine.");
      return;
    }
    std::vector<cty::Value> v;
    for (const auto& s : versions.value()) v.push_back(cty::Value::String(s));
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(name));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "versions", cty::Value::List(cty::Type::String(), std::move(v)));
    resp.state = s;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory RdsVersionsDataSource() {
  return [] { return std::make_unique<VersionsData>(); };
}

}  // namespace resources
