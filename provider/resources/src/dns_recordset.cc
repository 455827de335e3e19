// edp_dns_recordset: a record set of a DNS zone (DNS v2, api.md 7.2) with
// DNS resource tags. Same attributes and meanings as
// opentelekomcloud_dns_recordset_v2; id and import ID:
// "<zone_id>/<recordset_id>". records, ttl, description and tags update in
// place; zone_id, name, type and value_specs force a new record set.
//
// Names: the API stores "www.example.com."; the state keeps the name as
// written while it denotes the same name, so the trailing dot and letter
// case never show a diff. TXT records: sent quoted as the API needs
// ("\"v=spf1 -all\"", split into 255-byte strings), and the state keeps what
// the configuration says (quoted or not). Unlike the official provider, an
// existing record set is never adopted silently (user-issues 16): a
// duplicate name/type fails with the API's error; import it instead.
// `shared` is therefore always false.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/dns.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

constexpr int64_t kMaxTtl = 2147483647;
constexpr const char* kZoneTypeKey = "zone_type";

fw::Schema RecordsetSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages a record set (all records of one name and type) in a DNS zone of Open Telekom Cloud. "
      "Creating and updating wait until the record set is `ACTIVE`; destroying waits until it is really "
      "gone. Record names outside the zone and records that do not fit the type are refused at plan time.";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("`<zone_id>/<recordset_id>`, also the import ID.")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("zone_id", fw::StringAttribute()
                       .Required()
                       .Description("The ID of the zone the record set belongs to. Changing it creates a new "
                                    "record set.")
                       .Validators({fw::StringLengthAtLeast(1)})
                       .PlanModifiers({fw::RequiresReplace()}));
  b.Add("name",
        fw::StringAttribute()
            .Required()
            .Description("The fully qualified record name inside the zone, e.g. `www.example.com.`; the trailing "
                         "dot is optional and differences in it or in letter case are not a change. Changing it "
                         "creates a new record set.")
            .Validators({fw::StringLengthBetween(1, 254)})
            .PlanModifiers({fw::RequiresReplaceIf(
                [](const fw::PlanModifierRequest& r) {
                  return r.state.IsNull() || r.plan.IsNull() || !r.plan.IsKnown() ||
                         otc::dns::NormalizeName(r.state.AsString()) != otc::dns::NormalizeName(r.plan.AsString());
                },
                "the new name is a different domain name")}));
  b.Add("type", fw::StringAttribute()
                    .Required()
                    .Description("The record type: `A`, `AAAA`, `CAA`, `CNAME`, `MX`, `NS`, `PTR`, `SRV` or `TXT`. "
                                 "Changing it creates a new record set.")
                    .Validators({fw::StringOneOf(otc::dns::RecordTypes())})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("records", fw::SetAttribute(cty::Type::String())
                       .Required()
                       .Description("The records (1-50), in the type's form: A an IPv4 address, AAAA an IPv6 "
                                    "address, CNAME/NS/PTR a domain name, MX `<preference> <host>`, SRV "
                                    "`<priority> <weight> <port> <target>`, CAA `<flags> <tag> \"<value>\"`, TXT "
                                    "any text (quoted for the API automatically; values over 255 characters are "
                                    "split into several strings).")
                       .Validators({fw::SizeBetween(1, 50)}));
  b.Add("ttl", fw::NumberAttribute()
                   .Optional()
                   .Computed()
                   .Default(cty::Value::Int(300))
                   .Description("The time to live of the records in seconds, 1-2147483647.")
                   .Validators({fw::IntBetween(1, kMaxTtl)}));
  b.Add("description", fw::StringAttribute()
                           .Optional()
                           .Description("A description of the record set (at most 255 characters).")
                           .Validators({fw::StringLengthBetween(0, 255)}));
  b.Add("shared", fw::BoolAttribute()
                      .Computed()
                      .Description("Always `false`: unlike the official provider, an existing record set is never "
                                   "adopted; import it with `<zone_id>/<recordset_id>` instead.")
                      .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Resource tags (DNS tag API): at most 10; keys 1-36 and values up to 43 "
                                 "letters, digits, `-`, `_` (and `.` in values)."));
  b.Add("value_specs", fw::MapAttribute(cty::Type::String())
                           .Optional()
                           .Description("Extra fields sent in the create request body as they are. Changing them "
                                        "creates a new record set.")
                           .PlanModifiers({fw::RequiresReplace()}));
  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(10))
                         .Update(std::chrono::minutes(10))
                         .Delete(std::chrono::minutes(10)));
  return s;
}

std::vector<std::string> StringsFrom(const cty::Value& v) {
  std::vector<std::string> out;
  if (v.IsNull() || !v.IsKnown()) return out;
  for (const auto& e : v.Elements()) {
    if (e.IsKnown() && !e.IsNull()) out.push_back(e.AsString());
  }
  return out;
}

// The form the API stores for a configured record.
std::string Wire(const std::string& type, const std::string& record) {
  return type == "TXT" ? otc::dns::QuoteTxt(record) : record;
}

// "<zone_id>/<recordset_id>" split; false when malformed.
bool SplitId(const std::string& id, std::string* zone, std::string* rs) {
  auto slash = id.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == id.size() ||
      id.find('/', slash + 1) != std::string::npos) {
    return false;
  }
  *zone = id.substr(0, slash);
  *rs = id.substr(slash + 1);
  return true;
}

class Recordset final : public fw::Resource,
                        public fw::ResourceWithConfigure,
                        public fw::ResourceWithImportState,
                        public fw::ResourceWithValidateConfig,
                        public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_dns_recordset";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = RecordsetSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  // Everything checkable without the API: the name's form, every record
  // against the type, CNAME's single record, the tags.
  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    ValidateTags(AttrOf(req.config, "tags"), cty::Path().GetAttr("tags"), resp.diagnostics);
    if (auto name = GetString(req.config, "name"); name && !otc::dns::ValidDomainName(*name, true)) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("name"), "Invalid Record Name",
          "\"" + *name + "\" is not a domain name: use labels of 1-63 letters, digits, '-' and '_' separated by "
          "dots (a leading \"*\" label for a wildcard), e.g. \"www.example.com.\".");
    }
    auto type = GetString(req.config, "type");
    cty::Value records = AttrOf(req.config, "records");
    if (!type || records.IsNull() || !records.IsKnown()) return;
    const auto& types = otc::dns::RecordTypes();
    if (std::find(types.begin(), types.end(), *type) == types.end()) return;  // StringOneOf reports it
    const cty::Path path = cty::Path().GetAttr("records");
    for (const auto& r : StringsFrom(records)) {
      std::string problem = otc::dns::RecordProblem(*type, r);
      if (!problem.empty()) resp.diagnostics.AddAttributeError(path, "Invalid " + *type + " Record", problem);
    }
    bool all_known = true;
    for (const auto& e : records.Elements()) all_known = all_known && e.IsKnown();
    if (*type == "CNAME" && all_known && records.LengthInt() > 1) {
      resp.diagnostics.AddAttributeError(path, "Invalid CNAME Record",
                                         "A CNAME record set holds exactly one record (the canonical name); got " +
                                             std::to_string(records.LengthInt()) + ".");
    }
  }

  // Plan-time checks that need the provider: the region, and the name
  // inside the zone (one GET of the zone, when zone_id is known and the
  // name or zone is new).
  void ModifyPlan(const fw::Context& ctx, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull() || !data_) return;
    cty::Value region = AttrOf(req.plan, "region");
    if (!region.IsKnown()) {
      if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "region", cty::Value::String(data_->region));
    } else if (!region.IsNull() && region.AsString() != data_->region) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
          "region is \"" + region.AsString() + "\" but this provider manages \"" + data_->region +
              "\". Use a provider alias configured for that region.");
    }
    if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "shared", cty::Value::False());
    auto zone_id = GetString(req.plan, "zone_id");
    auto name = GetString(req.plan, "name");
    if (!zone_id || !name) return;
    bool changed = req.state.IsNull() || GetString(req.state, "zone_id") != zone_id ||
                   otc::dns::NormalizeName(GetString(req.state, "name").value_or("")) !=
                       otc::dns::NormalizeName(*name);
    if (!changed) return;
    auto z = otc::dns::GetZone(ctx, *data_->client, *zone_id);
    if (!z.ok()) {
      if (z.error().IsNotFound()) {
        resp.diagnostics.AddAttributeError(cty::Path().GetAttr("zone_id"), "DNS Zone Not Found",
                                           "No DNS zone with ID \"" + *zone_id +
                                               "\" exists in this project. Check zone_id.");
      }
      return;  // other errors: the apply reports what the API says
    }
    if (!otc::dns::NameInZone(*name, z->name)) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("name"), "Record Outside The Zone",
                                         "name \"" + *name + "\" is not inside zone \"" + z->name + "\" (" +
                                             *zone_id + "). Use the zone's name or a name ending in \"." +
                                             z->name + "\".");
    }
    auto type = GetString(req.plan, "type");
    if (type && *type == "CNAME" && otc::dns::NormalizeName(*name) == otc::dns::NormalizeName(z->name)) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("name"), "CNAME At The Zone Apex",
                                         "A CNAME record set cannot have the zone's own name \"" + z->name +
                                             "\"; use a name below it or an A/AAAA record set.");
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    const std::string zone_id = GetString(req.plan, "zone_id").value_or("");
    otc::dns::RecordSetCreate in;
    in.name = GetString(req.plan, "name").value_or("");
    in.type = GetString(req.plan, "type").value_or("");
    in.description = GetString(req.plan, "description").value_or("");
    if (auto ttl = fw::GetInt(req.plan, "ttl")) in.ttl = *ttl;
    for (const auto& r : StringsFrom(AttrOf(req.plan, "records"))) in.records.push_back(Wire(in.type, r));
    in.extra = TagsFrom(AttrOf(req.plan, "value_specs"));
    auto created = otc::dns::CreateRecordSet(ctx, c, zone_id, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string rs_id = created->id;
    resp.state = WithAttr(req.plan, "id", cty::Value::String(zone_id + "/" + rs_id));
    auto waited = WaitActive(ctx, c, zone_id, rs_id, in.name);
    if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    auto want_tags = TagsFrom(AttrOf(req.plan, "tags"));
    if (!want_tags.empty()) {
      auto zt = ZoneType(ctx, zone_id, resp.private_state);
      if (!zt.ok()) return AddOtcError(resp.diagnostics, zt.error());
      auto tagged = otc::dns::SetTags(ctx, c, otc::dns::TagResourceType(zt.value(), true), rs_id, {}, want_tags);
      if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    }
    cty::Value remote;
    if (!Fetch(ctx, zone_id, rs_id, resp.state, resp.private_state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, "DNS Record Set", "Record set " + rs_id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    std::string zone_id, rs_id;
    if (!Ids(req.state, &zone_id, &rs_id)) return resp.RemoveResource();
    cty::Value remote;
    if (!Fetch(ctx, zone_id, rs_id, req.state, resp.private_state, remote, resp.diagnostics)) return;
    resp.state = remote;
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    std::string zone_id, rs_id;
    Ids(req.state, &zone_id, &rs_id);
    const std::string type = GetString(req.plan, "type").value_or("");
    const std::string name = GetString(req.plan, "name").value_or(rs_id);
    auto differs = [&](const char* attr) {
      cty::Value after = AttrOf(req.plan, attr);
      return after.IsKnown() && AttrOf(req.state, attr) != after;
    };
    if (differs("records") || differs("ttl") || differs("description")) {
      otc::dns::RecordSetUpdate up;
      for (const auto& r : StringsFrom(AttrOf(req.plan, "records"))) up.records.push_back(Wire(type, r));
      if (differs("ttl")) up.ttl = fw::GetInt(req.plan, "ttl");
      if (differs("description")) up.description = GetString(req.plan, "description").value_or("");
      auto r = otc::dns::UpdateRecordSet(ctx, c, zone_id, rs_id, up);
      if (!r.ok()) {
        resp.state = req.state;
        return AddOtcError(resp.diagnostics, r.error());
      }
      auto waited = WaitActive(ctx, c, zone_id, rs_id, name);
      if (!waited.ok()) return AddOtcError(resp.diagnostics, waited);
    }
    auto have = TagsFrom(AttrOf(req.state, "tags")), want = TagsFrom(AttrOf(req.plan, "tags"));
    if (have != want) {
      auto zt = ZoneType(ctx, zone_id, resp.private_state);
      if (!zt.ok()) return AddOtcError(resp.diagnostics, zt.error());
      auto tagged = otc::dns::SetTags(ctx, c, otc::dns::TagResourceType(zt.value(), true), rs_id, have, want);
      if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    }
    cty::Value remote;
    if (!Fetch(ctx, zone_id, rs_id, req.plan, resp.private_state, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, "DNS Record Set", "Record set " + rs_id, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    std::string zone_id, rs_id;
    if (!Ids(req.state, &zone_id, &rs_id)) return;
    std::string name = GetString(req.state, "name").value_or(rs_id);
    auto d = otc::dns::DeleteRecordSet(ctx, c, zone_id, rs_id);
    // 404: gone (or its zone is); DNS.0314: a replayed DELETE of a record
    // set already PENDING_DELETE (or busy): the wait decides.
    if (!d.ok() && !d.IsNotFound() && !(d.http_status() == 400 && d.code() == "DNS.0314")) {
      return AddOtcError(resp.diagnostics, d);
    }
    otc::WaitOptions opts;
    opts.what = "DNS record set \"" + name + "\" (" + rs_id + ") to be deleted";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    bool retried = false;
    auto s = otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto r = otc::dns::GetRecordSet(x, c, zone_id, rs_id);
      if (!r.ok() && r.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!r.ok()) return r.error();
      std::string word = otc::dns::StatusWord(r->status);
      if (word == "ERROR" && r->status == "ERROR" && retried) {
        return otc::PollResult{otc::PollResult::kFailed, r->status,
                               "the DNS service reported the record set as ERROR while deleting it"};
      }
      // ACTIVE (or ERROR) again: the DELETE was refused while it was busy;
      // ask once more.
      if ((word == "ACTIVE" || word == "ERROR") && !retried) {
        retried = true;
        auto again = otc::dns::DeleteRecordSet(x, c, zone_id, rs_id);
        if (!again.ok() && !again.IsNotFound()) return again;
      }
      return otc::PollResult{otc::PollResult::kPending, r->status, ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    std::string zone_id, rs_id;
    if (!SplitId(req.id, &zone_id, &rs_id)) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_dns_recordset is imported as \"<zone_id>/<recordset_id>\" (e.g. "
                                "\"2c9eb155587194ec01587224c9f90149/2c9eb155587228570158722996c50001\"), got \"" +
                                    req.id + "\".");
      return;
    }
    resp.state = WithAttr(resp.state, "id", cty::Value::String(req.id));
    resp.state = WithAttr(resp.state, "zone_id", cty::Value::String(zone_id));
  }

 private:
  static bool Ids(const cty::Value& state, std::string* zone_id, std::string* rs_id) {
    auto id = GetString(state, "id");
    return id && SplitId(*id, zone_id, rs_id);
  }

  // The zone's type ("public"/"private") for the tag API: from the private
  // state when known, else one GET of the zone (remembered there).
  otc::Result<std::string> ZoneType(const fw::Context& ctx, const std::string& zone_id, fw::PrivateState& priv) {
    if (auto t = priv.Get(kZoneTypeKey); t && (*t == "public" || *t == "private")) return *t;
    auto z = otc::dns::GetZone(ctx, *data_->client, zone_id);
    if (!z.ok()) return z.error();
    std::string t = z->zone_type.empty() ? "public" : z->zone_type;
    priv.Set(kZoneTypeKey, t);
    return t;
  }

  otc::Status WaitActive(const fw::Context& ctx, otc::Client& c, const std::string& zone_id,
                         const std::string& id, const std::string& name) {
    otc::WaitOptions opts;
    opts.what = "DNS record set \"" + name + "\" (" + id + ") to become ACTIVE";
    opts.initial = std::chrono::milliseconds(300);
    opts.max_interval = std::chrono::seconds(5);
    opts.pending_statuses = {404};  // eventual consistency right after the create
    return otc::WaitUntil(ctx, opts, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto r = otc::dns::GetRecordSet(x, c, zone_id, id);
      if (!r.ok()) return r.error();
      std::string word = otc::dns::StatusWord(r->status);
      if (word == "ACTIVE") return otc::PollResult{otc::PollResult::kDone, r->status, ""};
      if (word == "ERROR") {
        return otc::PollResult{otc::PollResult::kFailed, r->status,
                               "the DNS service reported the record set as ERROR; check the records and apply "
                               "again (the record set is tainted and will be replaced)"};
      }
      return otc::PollResult{otc::PollResult::kPending, r->status, ""};
    });
  }

  bool Fetch(const fw::Context& ctx, const std::string& zone_id, const std::string& rs_id, const cty::Value& base,
             fw::PrivateState& priv, cty::Value& out, tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto r = otc::dns::GetRecordSet(ctx, c, zone_id, rs_id);
    if (!r.ok()) {
      if (r.error().IsNotFound()) {  // the record set or its whole zone is gone
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, r.error());
      return false;
    }
    auto zt = ZoneType(ctx, zone_id, priv);
    if (!zt.ok()) {
      if (zt.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, zt.error());
      return false;
    }
    auto tags = otc::dns::GetTags(ctx, c, otc::dns::TagResourceType(zt.value(), true), rs_id);
    if (!tags.ok()) {
      if (tags.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, tags.error());
      return false;
    }
    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(zone_id + "/" + r->id));
    s = WithAttr(s, "zone_id", cty::Value::String(r->zone_id.empty() ? zone_id : r->zone_id));
    auto prior_name = GetString(base, "name");
    bool same = prior_name && otc::dns::NormalizeName(*prior_name) == otc::dns::NormalizeName(r->name);
    s = WithAttr(s, "name", cty::Value::String(same ? *prior_name : r->name));
    s = WithAttr(s, "type", cty::Value::String(r->type));
    // Each record as the configuration wrote it while it means the same
    // value; TXT otherwise unquoted.
    std::vector<std::string> prior = StringsFrom(AttrOf(base, "records"));
    std::vector<cty::Value> records;
    for (const auto& api : r->records) {
      std::string v = r->type == "TXT" ? otc::dns::UnquoteTxt(api) : api;
      for (const auto& p : prior) {
        if (Wire(r->type, p) == api) {
          v = p;
          break;
        }
      }
      records.push_back(cty::Value::String(v));
    }
    s = WithAttr(s, "records", cty::Value::Set(cty::Type::String(), std::move(records)));
    s = WithAttr(s, "ttl", cty::Value::Int(r->ttl));
    s = WithAttr(s, "description", OptionalString(r->description, AttrOf(base, "description")));
    s = WithAttr(s, "shared", cty::Value::False());
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "tags", TagsValue(tags.value(), AttrOf(base, "tags")));
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory DnsRecordsetResource() {
  return [] { return std::make_unique<Recordset>(); };
}

}  // namespace resources
