// data "edp_vpc": looks up one VPC by any combination of id, name, cidr
// and status (as opentelekomcloud_vpc_v1's data source; the list is
// filtered client-side like the SDK does). Exactly one VPC must match.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/vpc.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

fw::Schema VpcDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Looks up one VPC by ID, name, CIDR and/or status. Every given filter must match and exactly one "
      "VPC may match; an empty filter set matches every VPC of the project.";
  b.Add("id", fw::StringAttribute().Optional().Computed().Description("The VPC ID to look for; set to the "
                                                                      "found VPC's ID."));
  b.Add("name", fw::StringAttribute().Optional().Computed().Description("The VPC name to look for."));
  b.Add("cidr", fw::StringAttribute()
                    .Optional()
                    .Computed()
                    .Description("The VPC CIDR to look for, e.g. `10.0.0.0/16`.")
                    .Validators({fw::IsCidr()}));
  b.Add("status", fw::StringAttribute().Optional().Computed().Description(
                      "The VPC status to look for (`OK`, `CREATING`)."));
  b.Add("description", fw::StringAttribute().Computed().Description("The VPC's description (empty if none)."));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  b.Add("tags", fw::MapAttribute(cty::Type::String()).Computed().Description("The VPC's resource tags."));
  return s;
}

class VpcData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_vpc";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = VpcDataSchema();
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
    auto id = GetString(req.config, "id");
    auto name = GetString(req.config, "name");
    auto cidr = GetString(req.config, "cidr");
    auto status = GetString(req.config, "status");
    std::vector<otc::vpc::Vpc> hits;
    if (id) {
      auto v = otc::vpc::GetVpc(ctx, *data_->client, *id);
      if (!v.ok() && !v.error().IsNotFound()) return AddOtcError(resp.diagnostics, v.error());
      if (v.ok()) hits.push_back(v.value());
    } else {
      auto all = otc::vpc::ListVpcs(ctx, *data_->client);
      if (!all.ok()) return AddOtcError(resp.diagnostics, all.error());
      hits = all.value();
    }
    std::vector<otc::vpc::Vpc> match;
    for (auto& v : hits) {
      if ((name && v.name != *name) || (cidr && v.cidr != *cidr) || (status && v.status != *status)) continue;
      match.push_back(std::move(v));
    }
    std::string filters = Filters(id, name, cidr, status);
    if (match.empty()) {
      resp.diagnostics.AddError("No VPC Found", "No VPC matches " + filters +
                                                    " in this project. Check the filters or create the VPC first.");
      return;
    }
    if (match.size() > 1) {
      resp.diagnostics.AddError("Several VPCs Found",
                                std::to_string(match.size()) + " VPCs match " + filters +
                                    "; add filters (id, name, cidr) so exactly one matches.");
      return;
    }
    const auto& v = match.front();
    auto tags = GetTags(ctx, *data_->client, "vpcs", v.id);
    if (!tags.ok()) return AddOtcError(resp.diagnostics, tags.error());
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(v.id));
    s = WithAttr(s, "name", cty::Value::String(v.name));
    s = WithAttr(s, "cidr", cty::Value::String(v.cidr));
    s = WithAttr(s, "status", cty::Value::String(v.status));
    s = WithAttr(s, "description", cty::Value::String(v.description));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    std::map<std::string, cty::Value> m;
    for (const auto& [k, val] : tags.value()) m.emplace(k, cty::Value::String(val));
    s = WithAttr(s, "tags", cty::Value::Map(cty::Type::String(), std::move(m)));
    resp.state = s;
  }

 private:
  static std::string Filters(const std::optional<std::string>& id, const std::optional<std::string>& name,
                             const std::optional<std::string>& cidr, const std::optional<std::string>& status) {
    std::string out;
    auto add = [&](const char* k, const std::optional<std::string>& v) {
      if (!v) return;
      out += (out.empty() ? "" : ", ") + std::string(k) + " = \"" + *v + "\"";
    };
    add("id", id);
    add("name", name);
    add("cidr", cidr);
    add("status", status);
    return out.empty() ? "(no filters)" : "{" + out + "}";
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory VpcDataSource() {
  return [] { return std::make_unique<VpcData>(); };
}

}  // namespace resources
