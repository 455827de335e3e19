// data "edp_elb_flavors": the dedicated load balancer flavors (ELB v3,
// api.md 6.7, GET /elb/flavors?name=&type=) matching optional name, type
// and id filters, as opentelekomcloud_lb_flavors_v3 (its `flavors` are
// the ids; here `ids` holds them and `flavors` the details). At least one
// flavor must match: an empty result is an error naming the filters, so a
// typo never yields an empty l4_flavor downstream.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/elb.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

const std::map<std::string, cty::Type>& FlavorAttrs() {
  static const std::map<std::string, cty::Type> attrs = {
      {"id", cty::Type::String()},       {"name", cty::Type::String()},   {"type", cty::Type::String()},
      {"shared", cty::Type::Bool()},     {"sold_out", cty::Type::Bool()}, {"max_connections", cty::Type::Number()},
      {"cps", cty::Type::Number()},      {"qps", cty::Type::Number()},    {"https_cps", cty::Type::Number()},
      {"lcu", cty::Type::Number()},      {"bandwidth", cty::Type::Number()}};
  return attrs;
}

fw::Schema FlavorsSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Lists the dedicated load balancer (ELB v3) flavors matching the given filters, e.g. the ID of "
      "`L7_flavor.elb.s1.small` for `edp_elb_loadbalancer.l7_flavor`. At least one flavor must match.";
  b.Add("id", fw::StringAttribute().Computed().Description("A digest of the filters (the data source's ID)."));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Description("Only the flavor with this name, e.g. `L4_flavor.elb.s1.small`.")
                    .Validators({fw::StringLengthBetween(1, 255)}));
  b.Add("type", fw::StringAttribute()
                    .Optional()
                    .Description("Only flavors of this type: `L4` (TCP/UDP), `L7` (HTTP/HTTPS), `L4_elastic` "
                                 "or `L7_elastic`.")
                    .Validators({fw::StringOneOf({"L4", "L7", "L4_elastic", "L7_elastic"})}));
  b.Add("flavor_id", fw::StringAttribute()
                         .Optional()
                         .Description("Only the flavor with this ID.")
                         .Validators({fw::StringLengthBetween(1, 64)}));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  b.Add("ids", fw::ListAttribute(cty::Type::String())
                   .Computed()
                   .Description("The IDs of the matching flavors, in the API's order."));
  b.Add("flavors", fw::ListAttribute(cty::Type::Object(FlavorAttrs()))
                       .Computed()
                       .Description("The matching flavors: `id`, `name`, `type`, `shared`, `sold_out` and the "
                                    "capacity figures `max_connections`, `cps`, `qps`, `https_cps`, `lcu` and "
                                    "`bandwidth` (Kbit/s)."));
  return s;
}

class FlavorsData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_elb_flavors";
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
    const std::string name = GetString(req.config, "name").value_or("");
    const std::string type = GetString(req.config, "type").value_or("");
    const std::string fid = GetString(req.config, "flavor_id").value_or("");
    std::vector<otc::elb::Flavor> all;
    if (!fid.empty()) {
      auto f = otc::elb::GetFlavor(ctx, *data_->client, fid);
      if (!f.ok() && !f.error().IsNotFound()) return AddOtcError(resp.diagnostics, f.error());
      if (f.ok()) all.push_back(f.value());
    } else {
      auto l = otc::elb::ListFlavors(ctx, *data_->client, name, type);
      if (!l.ok()) return AddOtcError(resp.diagnostics, l.error());
      all = std::move(l.value());
    }
    std::vector<cty::Value> ids, flavors;
    const cty::Type ftype = cty::Type::Object(FlavorAttrs());
    for (const auto& f : all) {
      // The server filters; filter again so a lax API never widens the set.
      if ((!name.empty() && f.name != name) || (!type.empty() && f.type != type) || (!fid.empty() && f.id != fid)) {
        continue;
      }
      ids.push_back(cty::Value::String(f.id));
      flavors.push_back(cty::Value::ObjectOf(ftype, {{"id", cty::Value::String(f.id)},
                                                     {"name", cty::Value::String(f.name)},
                                                     {"type", cty::Value::String(f.type)},
                                                     {"shared", cty::Value::Bool(f.shared)},
                                                     {"sold_out", cty::Value::Bool(f.sold_out)},
                                                     {"max_connections", cty::Value::Int(f.connection)},
                                                     {"cps", cty::Value::Int(f.cps)},
                                                     {"qps", cty::Value::Int(f.qps)},
                                                     {"https_cps", cty::Value::Int(f.https_cps)},
                                                     {"lcu", cty::Value::Int(f.lcu)},
                                                     {"bandwidth", cty::Value::Int(f.bandwidth)}}));
    }
    std::string filters;
    auto add = [&](const char* k, const std::string& v) {
      if (!v.empty()) filters += (filters.empty() ? "" : ", ") + std::string(k) + " = \"" + v + "\"";
    };
    add("name", name);
    add("type", type);
    add("flavor_id", fid);
    filters = filters.empty() ? "(no filters)" : "{" + filters + "}";
    if (ids.empty()) {
      resp.diagnostics.AddError("No ELB Flavor Found",
                                "No dedicated load balancer flavor matches " + filters +
                                    " in region " + data_->region +
                                    ". Check the name (e.g. \"L7_flavor.elb.s1.small\") and type (L4, L7, "
                                    "L4_elastic, L7_elastic), or drop a filter to list them all.");
      return;
    }
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String("elb-flavors:" + filters));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "ids", cty::Value::List(cty::Type::String(), std::move(ids)));
    s = WithAttr(s, "flavors", cty::Value::List(ftype, std::move(flavors)));
    resp.state = s;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory ElbFlavorsDataSource() {
  return [] { return std::make_unique<FlavorsData>(); };
}

}  // namespace resources
