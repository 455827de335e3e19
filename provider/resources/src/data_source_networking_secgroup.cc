// data "edp_networking_secgroup": looks up one security group by
// secgroup_id, name, name_regex and/or tenant_id (as
// opentelekomcloud_networking_secgroup_v2's data source: the list is
// filtered by the API on name and client-side on the rest). Exactly one
// group must match.
#include <memory>
#include <optional>
#include <regex>
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
using fw::GetString;
using fw::WithAttr;

// The value is an ECMAScript regular expression.
class IsRegexValidator final : public fw::Validator {
 public:
  std::string Description() const override { return "value must be a valid regular expression"; }
  void Validate(const fw::ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    if (req.value.IsNull() || !req.value.IsKnown()) return;
    try {
      std::regex re(req.value.AsString(), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      diags.AddAttributeError(req.path, "Invalid Regular Expression",
                              "name_regex \"" + req.value.AsString() + "\" is not a valid regular expression (" +
                                  e.what() + "). Fix the pattern, e.g. \"^web-.*\".");
    }
  }
};

fw::Schema SecgroupDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Looks up one security group by ID, name, name pattern and/or project. Every given filter must "
      "match and exactly one group may match.";
  b.Add("id", fw::StringAttribute().Computed().Description("The found security group's ID."));
  b.Add("secgroup_id", fw::StringAttribute().Optional().Description("The security group ID to look for."));
  b.Add("name", fw::StringAttribute().Optional().Description("The exact security group name to look for."));
  b.Add("name_regex", fw::StringAttribute()
                          .Optional()
                          .Description("A regular expression (ECMAScript syntax) the group name must match "
                                       "somewhere; anchor it with `^...$` for a whole-name match.")
                          .Validators({std::make_shared<IsRegexValidator>()}));
  b.Add("tenant_id", fw::StringAttribute().Optional().Computed().Description(
                         "The project owning the group to look for; set to the found group's project."));
  b.Add("description", fw::StringAttribute().Computed().Description("The found group's description."));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  return s;
}

class SecgroupData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_networking_secgroup";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = SecgroupDataSchema();
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
    auto id = GetString(req.config, "secgroup_id");
    auto name = GetString(req.config, "name");
    auto pattern = GetString(req.config, "name_regex");
    auto tenant = GetString(req.config, "tenant_id");
    std::optional<std::regex> re;
    if (pattern) {
      try {
        re.emplace(*pattern, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        return;  // the validator reported it
      }
    }
    std::vector<otc::vpc::SecurityGroup> candidates;
    if (id) {
      auto g = otc::vpc::GetSecurityGroup(ctx, *data_->client, *id);
      if (!g.ok() && !g.error().IsNotFound()) return AddOtcError(resp.diagnostics, g.error());
      if (g.ok()) candidates.push_back(std::move(g.value()));
    } else {
      auto all = otc::vpc::ListSecurityGroups(ctx, *data_->client, name.value_or(""));
      if (!all.ok()) return AddOtcError(resp.diagnostics, all.error());
      candidates = std::move(all.value());
    }
    std::vector<otc::vpc::SecurityGroup> match;
    for (auto& g : candidates) {
      if ((name && g.name != *name) || (tenant && g.project_id != *tenant)) continue;
      if (re && !std::regex_search(g.name, *re)) continue;
      match.push_back(std::move(g));
    }
    std::string filters = Filters({{"secgroup_id", id}, {"name", name}, {"name_regex", pattern},
                                   {"tenant_id", tenant}});
    if (match.empty()) {
      resp.diagnostics.AddError("No Security Group Found",
                                "No security group matches " + filters +
                                    " in this project. Check the filters or create the group first.");
      return;
    }
    if (match.size() > 1) {
      std::string ids;
      for (size_t i = 0; i < match.size() && i < 5; ++i) ids += (i ? ", " : "") + match[i].id;
      if (match.size() > 5) ids += ", ...";
      resp.diagnostics.AddError("Several Security Groups Found",
                                std::to_string(match.size()) + " security groups match " + filters + " (" + ids +
                                    "); add filters (secgroup_id, name) so exactly one matches.");
      return;
    }
    const auto& g = match.front();
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(g.id));
    s = WithAttr(s, "tenant_id", cty::Value::String(g.project_id));
    s = WithAttr(s, "description", cty::Value::String(g.description));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    resp.state = s;
  }

 private:
  static std::string Filters(const std::vector<std::pair<const char*, std::optional<std::string>>>& fs) {
    std::string out;
    for (const auto& [k, v] : fs) {
      if (v) out += (out.empty() ? "" : ", ") + std::string(k) + " = \"" + *v + "\"";
    }
    return out.empty() ? "(no filters)" : "{" + out + "}";
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory NetworkingSecgroupDataSource() {
  return [] { return std::make_unique<SecgroupData>(); };
}

}  // namespace resources
