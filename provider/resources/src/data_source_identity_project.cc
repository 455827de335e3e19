// data "edp_identity_project": looks up one IAM project (GET /v3/projects
// with filters, api.md 1.4; as opentelekomcloud_identity_project_v3). The
// filters are sent as query parameters and applied again to the answer;
// exactly one project must match.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/iam.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::GetBool;
using fw::GetString;
using fw::WithAttr;

fw::Schema ProjectDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Looks up one IAM project (e.g. `eu-de_myproject`) by name, ID, domain, parent, `enabled` and/or "
      "`is_domain`. Every given filter must match and exactly one project may match; with no filter, the "
      "account must have exactly one project.";
  b.Add("id", fw::StringAttribute()
                  .Optional()
                  .Computed()
                  .Description("The project ID to look for; set to the found project's ID."));
  b.Add("name", fw::StringAttribute()
                    .Optional()
                    .Computed()
                    .Description("The project name to look for, e.g. `eu-de_myproject`.")
                    .Validators({fw::StringLengthAtLeast(1)}));
  b.Add("domain_id", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The ID of the domain (account) the project belongs to."));
  b.Add("parent_id", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("The ID of the project's parent (the region project or the domain)."));
  b.Add("enabled", fw::BoolAttribute()
                       .Optional()
                       .Computed()
                       .Description("Whether the project is enabled."));
  b.Add("is_domain", fw::BoolAttribute()
                         .Optional()
                         .Computed()
                         .Description("Whether the project is a domain (always `false` for OTC projects)."));
  b.Add("description", fw::StringAttribute().Computed().Description("The project's description (empty if none)."));
  b.Add("region", fw::StringAttribute().Computed().Description("The provider's region."));
  return s;
}

class ProjectData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_identity_project";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = ProjectDataSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req, fw::DataSourceReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::iam::ProjectFilter f;
    f.name = GetString(req.config, "name");
    f.domain_id = GetString(req.config, "domain_id");
    f.parent_id = GetString(req.config, "parent_id");
    f.enabled = GetBool(req.config, "enabled");
    f.is_domain = GetBool(req.config, "is_domain");
    auto id = GetString(req.config, "id");
    auto all = otc::iam::ListProjects(ctx, *data_->client, f);
    if (!all.ok()) return AddOtcError(resp.diagnostics, all.error());
    std::vector<otc::iam::Project> match;
    for (auto& p : all.value()) {
      if (!id || p.id == *id) match.push_back(std::move(p));
    }
    std::string filters = Filters(id, f);
    if (match.empty()) {
      resp.diagnostics.AddError("No IAM Project Found",
                                "No IAM project visible to these credentials matches " + filters +
                                    ". Check the filters (project names look like \"eu-de_myproject\") and that "
                                    "the user has a role in the project.");
      return;
    }
    if (match.size() > 1) {
      std::string names;
      for (size_t i = 0; i < match.size() && i < 5; ++i) names += (i ? ", " : "") + ("\"" + match[i].name + "\"");
      if (match.size() > 5) names += ", ...";
      resp.diagnostics.AddError("Several IAM Projects Found",
                                std::to_string(match.size()) + " IAM projects match " + filters + " (" + names +
                                    "); set name or id so exactly one matches.");
      return;
    }
    const auto& p = match.front();
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(p.id));
    s = WithAttr(s, "name", cty::Value::String(p.name));
    s = WithAttr(s, "domain_id", cty::Value::String(p.domain_id));
    s = WithAttr(s, "parent_id", cty::Value::String(p.parent_id));
    s = WithAttr(s, "enabled", cty::Value::Bool(p.enabled));
    s = WithAttr(s, "is_domain", cty::Value::Bool(p.is_domain));
    s = WithAttr(s, "description", cty::Value::String(p.description));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    resp.state = s;
  }

 private:
  static std::string Filters(const std::optional<std::string>& id, const otc::iam::ProjectFilter& f) {
    std::string out;
    auto add = [&](const char* k, const std::optional<std::string>& v) {
      if (v) out += (out.empty() ? "" : ", ") + std::string(k) + " = \"" + *v + "\"";
    };
    auto add_bool = [&](const char* k, const std::optional<bool>& v) {
      if (v) out += (out.empty() ? "" : ", ") + std::string(k) + " = " + (*v ? "true" : "false");
    };
    add("id", id);
    add("name", f.name);
    add("domain_id", f.domain_id);
    add("parent_id", f.parent_id);
    add_bool("enabled", f.enabled);
    add_bool("is_domain", f.is_domain);
    return out.empty() ? "(no filters)" : "{" + out + "}";
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory IdentityProjectDataSource() {
  return [] { return std::make_unique<ProjectData>(); };
}

}  // namespace resources
