// data "edp_dns_zone": looks up one DNS zone by any combination of id,
// name, zone_type, email, description, status and ttl (as
// opentelekomcloud_dns_zone_v2's data source). Names match dot- and
// case-insensitively and exactly (the API's name filter is a substring
// match). Without zone_type both public and private zones are searched.
// Exactly one zone must match.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/dns.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

fw::Schema ZoneDataSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Looks up one DNS zone by ID, name, type, e-mail, description, status and/or TTL. Every given filter "
      "must match and exactly one zone may match.";
  b.Add("id", fw::StringAttribute().Optional().Computed().Description(
                  "The zone ID to look for; set to the found zone's ID."));
  b.Add("name", fw::StringAttribute().Optional().Computed().Description(
                    "The zone name to look for (`example.com` and `example.com.` are the same)."));
  b.Add("zone_type", fw::StringAttribute()
                         .Optional()
                         .Computed()
                         .Description("`public` or `private`; without it both kinds are searched.")
                         .Validators({fw::StringOneOf({"public", "private"})}));
  b.Add("email", fw::StringAttribute().Optional().Computed().Description("The zone's administrator e-mail."));
  b.Add("description", fw::StringAttribute().Optional().Computed().Description("The zone's description."));
  b.Add("status", fw::StringAttribute().Optional().Computed().Description("The zone status (`ACTIVE`, ...)."));
  b.Add("ttl", fw::NumberAttribute().Optional().Computed().Description("The zone's default TTL in seconds."));
  b.Add("pool_id", fw::StringAttribute().Computed().Description("The ID of the DNS server pool hosting the zone."));
  b.Add("project_id", fw::StringAttribute().Computed().Description("The project that owns the zone."));
  b.Add("serial", fw::NumberAttribute().Computed().Description("The serial number of the zone's SOA record."));
  b.Add("created_at", fw::StringAttribute().Computed().Description("When the zone was created."));
  b.Add("updated_at", fw::StringAttribute().Computed().Description("When the zone was last changed (empty if never)."));
  b.Add("masters", fw::SetAttribute(cty::Type::String()).Computed().Description("The zone's master DNS servers."));
  b.Add("links", fw::MapAttribute(cty::Type::String()).Computed().Description("API links of the zone (`self`)."));
  b.Add("region", fw::StringAttribute().Optional().Computed().Description(
                      "The region to search; defaults to (and must equal) the provider's region."));
  b.Add("tags", fw::MapAttribute(cty::Type::String()).Computed().Description("The zone's resource tags."));
  return s;
}

class ZoneData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_dns_zone";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = ZoneDataSchema();
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
    otc::Client& c = *data_->client;
    auto id = GetString(req.config, "id");
    auto name = GetString(req.config, "name");
    auto type = GetString(req.config, "zone_type");
    auto email = GetString(req.config, "email");
    auto desc = GetString(req.config, "description");
    auto status = GetString(req.config, "status");
    auto ttl = fw::GetInt(req.config, "ttl");
    std::vector<otc::dns::Zone> found;
    if (id) {
      auto z = otc::dns::GetZone(ctx, c, *id);
      if (!z.ok() && !z.error().IsNotFound()) return AddOtcError(resp.diagnostics, z.error());
      if (z.ok()) found.push_back(z.value());
    } else {
      std::vector<std::string> types = type ? std::vector<std::string>{*type}
                                            : std::vector<std::string>{"public", "private"};
      for (const auto& t : types) {
        otc::dns::ZoneFilter f;
        f.zone_type = t;
        if (name) f.name = otc::dns::NormalizeName(*name);
        if (status) f.status = *status;
        auto zs = otc::dns::ListZones(ctx, c, f);
        if (!zs.ok()) return AddOtcError(resp.diagnostics, zs.error());
        for (auto& z : zs.value()) found.push_back(std::move(z));
      }
    }
    std::vector<otc::dns::Zone> match;
    for (auto& z : found) {
      if (name && otc::dns::NormalizeName(*name) != otc::dns::NormalizeName(z.name)) continue;
      if (type && z.zone_type != *type) continue;
      if (email && z.email != *email) continue;
      if (desc && z.description != *desc) continue;
      if (status && z.status != *status) continue;
      if (ttl && z.ttl != *ttl) continue;
      match.push_back(std::move(z));
    }
    std::string filters = Filters(req.config);
    if (match.empty()) {
      resp.diagnostics.AddError("No DNS Zone Found", "No DNS zone matches " + filters +
                                                         " in this project. Check the filters or create the zone "
                                                         "first.");
      return;
    }
    if (match.size() > 1) {
      resp.diagnostics.AddError("Several DNS Zones Found",
                                std::to_string(match.size()) + " DNS zones match " + filters +
                                    "; add filters (id, zone_type, ...) so exactly one matches (a public and a "
                                    "private zone may share a name).");
      return;
    }
    const auto& z = match.front();
    auto tags = otc::dns::GetTags(ctx, c, otc::dns::TagResourceType(z.zone_type, false), z.id);
    if (!tags.ok()) return AddOtcError(resp.diagnostics, tags.error());
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(z.id));
    s = WithAttr(s, "name", cty::Value::String(name ? *name : z.name));
    s = WithAttr(s, "zone_type", cty::Value::String(z.zone_type));
    s = WithAttr(s, "email", cty::Value::String(z.email));
    s = WithAttr(s, "description", cty::Value::String(z.description));
    s = WithAttr(s, "status", cty::Value::String(z.status));
    s = WithAttr(s, "ttl", cty::Value::Int(z.ttl));
    s = WithAttr(s, "pool_id", cty::Value::String(z.pool_id));
    s = WithAttr(s, "project_id", cty::Value::String(z.project_id));
    s = WithAttr(s, "serial", cty::Value::Int(z.serial));
    s = WithAttr(s, "created_at", cty::Value::String(z.created_at));
    s = WithAttr(s, "updated_at", cty::Value::String(z.updated_at));
    std::vector<cty::Value> masters;
    for (const auto& m : z.masters) masters.push_back(cty::Value::String(m));
    s = WithAttr(s, "masters", cty::Value::Set(cty::Type::String(), std::move(masters)));
    std::map<std::string, cty::Value> links;
    if (!z.self_link.empty()) links.emplace("self", cty::Value::String(z.self_link));
    s = WithAttr(s, "links", cty::Value::Map(cty::Type::String(), std::move(links)));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    std::map<std::string, cty::Value> m;
    for (const auto& [k, v] : tags.value()) m.emplace(k, cty::Value::String(v));
    s = WithAttr(s, "tags", cty::Value::Map(cty::Type::String(), std::move(m)));
    resp.state = s;
  }

 private:
  static std::string Filters(const cty::Value& config) {
    std::string out;
    for (const char* k : {"id", "name", "zone_type", "email", "description", "status"}) {
      if (auto v = GetString(config, k)) out += (out.empty() ? "" : ", ") + std::string(k) + " = \"" + *v + "\"";
    }
    if (auto t = fw::GetInt(config, "ttl")) out += (out.empty() ? "" : ", ") + std::string("ttl = ") + std::to_string(*t);
    return out.empty() ? "(no filters)" : "{" + out + "}";
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory DnsZoneDataSource() {
  return [] { return std::make_unique<ZoneData>(); };
}

}  // namespace resources
