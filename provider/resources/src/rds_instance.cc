// edp_rds_instance: an RDS v3 DB instance (api.md 4): PostgreSQL, MySQL or
// SQL Server, Single or HA (two AZs, ha_replication_mode). Same arguments
// and meanings as opentelekomcloud_rds_instance_v3; import ID: the
// instance id.
//
// Create waits for the create job and for status ACTIVE; a job that ends
// Failed shows the service's fail_reason. In place (each waits for its job
// and for ACTIVE again): security_group_id, flavor (resize), volume.size
// (grow only), db.port, backup_strategy, parameters (with a restart only
// when the API answers restart_required), ssl_enable (MySQL), db.password
// (password reset API) and tags. Name, engine/version, volume type and
// encryption, AZs, HA replication mode, VPC, subnet and param_group_id
// replace the instance. Delete waits for the delete job and until the
// instance is gone, so the subnet and security group can be deleted right
// after.
//
// Polling (jobs and statuses): the first poll at once, then every 1 s
// growing by 1.5x per unchanged status up to a 15 s cap (and back to 1 s
// when the status changes): an 8-minute create costs about 40 polls, fewer
// than the official provider's 10 s + request loop, while a short
// modification is noticed within a second or two.
//
// The password cannot be read back: Read keeps the state's value. After an
// import the state has no password; the next plan shows db.password as a
// (sensitive) in-place change that only records the configured value: no
// API call and no replacement.
#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/rds.h"
#include "otc/vpc.h"
#include "otc/waiter.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::AttrOf;
using fw::GetString;
using fw::WithAttr;

constexpr const char* kTitle = "RDS instance";

cty::Type NodeType() {
  return cty::Type::Object({{"availability_zone", cty::Type::String()},
                            {"id", cty::Type::String()},
                            {"name", cty::Type::String()},
                            {"role", cty::Type::String()},
                            {"status", cty::Type::String()}});
}

// For optional+computed attributes the API leaves empty when not set
// (ha_replication_mode of a single instance, disk_encryption_id of an
// unencrypted volume): on an update where the configuration does not set
// them, the prior value (also null) is kept, so the RequiresReplace that
// follows sees no change. UseStateForUnknown keeps only non-null values.
class KeepStateWhenUnset final : public fw::PlanModifier {
 public:
  std::string Description() const override {
    return "When not configured, the value in state (possibly none) is kept.";
  }
  void Modify(const fw::PlanModifierRequest& req, fw::PlanModifierResponse& resp) const override {
    if (req.state_root.IsNull() || req.plan_root.IsNull()) return;  // create / destroy
    if (req.plan.IsKnown() || !req.config.IsKnown() || !req.config.IsNull()) return;
    if (req.state.type() != req.plan.type()) return;
    resp.plan = req.state;
  }
};
fw::PlanModifierPtr KeepState() { return std::make_shared<KeepStateWhenUnset>(); }

fw::Schema RdsSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Manages an RDS v3 DB instance (PostgreSQL, MySQL or SQL Server; single or HA) in Open Telekom Cloud. "
      "Creating waits until the instance is `ACTIVE`; a failed create job shows the service's reason. The "
      "flavor, volume size (grow only), security group, port, backup strategy, parameters, SSL (MySQL), "
      "password and tags change in place, each waiting for its job. Destroying waits until the instance is "
      "really gone, so its subnet and security group can be deleted right afterwards. Import by instance ID; "
      "the password cannot be read back, so after an import the first apply only records the configured "
      "`db.password` (no API call, no replacement).";
  b.Add("id", fw::StringAttribute()
                  .Computed()
                  .Description("The instance ID (32 hex characters + `in01`).")
                  .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("region", fw::StringAttribute()
                      .Optional()
                      .Computed()
                      .Description(kRegionDescription)
                      .PlanModifiers({fw::UseStateForUnknown(), fw::RequiresReplace()}));
  b.Add("name", fw::StringAttribute()
                    .Required()
                    .Description("The instance name: 4-64 characters, starting with a letter; letters, digits, `-` "
                                 "and `_`. Unique in the project. A new name replaces the instance.")
                    .Validators({fw::StringLengthBetween(4, 64),
                                 fw::StringMatches("^[A-Za-z][A-Za-z0-9_-]*$",
                                                   "must start with a letter and contain only letters, digits, "
                                                   "'-' and '_'")})
                    .PlanModifiers({fw::RequiresReplace()}));
  b.Add("flavor", fw::StringAttribute()
                      .Required()
                      .Description("The flavor's spec code, e.g. `rds.pg.n1.large.2` (HA flavors end in `.ha`; see "
                                   "the `edp_rds_flavors` data source). Resized in place.")
                      .Validators({fw::StringLengthAtLeast(1)}));
  b.Add("availability_zone", fw::ListAttribute(cty::Type::String())
                                 .Required()
                                 .Description("The availability zones: one for a single instance, two (primary, "
                                              "standby) for HA. A change replaces the instance.")
                                 .Validators({fw::SizeBetween(1, 2)})
                                 .PlanModifiers({fw::RequiresReplace()}));
  b.Add("ha_replication_mode", fw::StringAttribute()
                                   .Optional()
                                   .Computed()
                                   .Description("Set to create an HA instance: `async` or `sync` for PostgreSQL, "
                                                "`async` or `semisync` for MySQL, `sync` for SQL Server. A "
                                                "change replaces the instance.")
                                   .Validators({fw::StringOneOf({"async", "sync", "semisync"})})
                                   .PlanModifiers({KeepState(), fw::RequiresReplace()}));
  b.Add("vpc_id", fw::StringAttribute()
                      .Required()
                      .Description("The VPC ID. A change replaces the instance.")
                      .Validators({fw::StringLengthAtLeast(1)})
                      .PlanModifiers({fw::RequiresReplace()}));
  b.Add("subnet_id", fw::StringAttribute()
                         .Required()
                         .Description("The subnet (VPC v1 subnet ID) the instance's addresses come from. A change "
                                      "replaces the instance.")
                         .Validators({fw::StringLengthAtLeast(1)})
                         .PlanModifiers({fw::RequiresReplace()}));
  b.Add("security_group_id", fw::StringAttribute()
                                 .Required()
                                 .Description("The security group ID. Changed in place.")
                                 .Validators({fw::StringLengthAtLeast(1)}));
  b.Add("param_group_id", fw::StringAttribute()
                              .Optional()
                              .Description("The parameter template (configuration) ID applied at creation. A "
                                           "change replaces the instance; use `parameters` for in-place "
                                           "changes.")
                              .PlanModifiers({fw::RequiresReplace()}));
  b.Add("parameters", fw::MapAttribute(cty::Type::String())
                          .Optional()
                          .Description("DB parameters to set (name to value, e.g. `max_connections = \"300\"`). "
                                       "Changed in place; the instance is restarted only when the API says a "
                                       "changed parameter needs it. A key removed from the map keeps its last "
                                       "value on the instance."));
  b.Add("ssl_enable", fw::BoolAttribute()
                          .Optional()
                          .Computed()
                          .Description("Whether SSL/TLS is enabled. Switchable in place for MySQL only.")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("tags", fw::MapAttribute(cty::Type::String())
                    .Optional()
                    .Description("Tags: at most 20; keys of 1-36 and values of up to 43 characters. Changed in "
                                 "place."));
  b.Add("private_ips", fw::ListAttribute(cty::Type::String())
                           .Computed()
                           .Description("The private addresses of the instance.")
                           .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("public_ips", fw::ListAttribute(cty::Type::String())
                          .Optional()
                          .Computed()
                          .Description("The public address of an existing EIP (e.g. from `edp_vpc_eip`) to bind to "
                                       "the instance's (first) private address; at most one. Bound, re-bound and "
                                       "unbound (`[]`) in place. Left unset, a binding made elsewhere is kept and "
                                       "shown.")
                          .Validators({fw::SizeBetween(0, 1), fw::EachValue(IsIpv4Address())})
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("nodes", fw::ListAttribute(NodeType())
                     .Computed()
                     .Description("The instance's nodes (master first): `id`, `name`, `role` (`master`/`slave`), "
                                  "`status` and `availability_zone`."));
  b.Add("status", fw::StringAttribute().Computed().Description("The instance status, e.g. `ACTIVE`."));
  b.Add("created", fw::StringAttribute()
                       .Computed()
                       .Description("When the instance was created.")
                       .PlanModifiers({fw::UseStateForUnknown()}));

  fw::Block db;
  db.description = "The database engine and its root account (exactly one block).";
  db.Add("type", fw::StringAttribute()
                     .Required()
                     .Description("The engine: `PostgreSQL`, `MySQL` or `SQLServer`. A change replaces the "
                                  "instance.")
                     .Validators({fw::StringOneOf({"PostgreSQL", "MySQL", "SQLServer"})})
                     .PlanModifiers({fw::RequiresReplace()}));
  db.Add("version", fw::StringAttribute()
                        .Required()
                        .Description("The major version, e.g. `13` or `8.0` (see `edp_rds_versions`). A change "
                                     "replaces the instance.")
                        .Validators({fw::StringLengthAtLeast(1)})
                        .PlanModifiers({fw::RequiresReplace()}));
  db.Add("complete_version", fw::StringAttribute()
                                 .Computed()
                                 .Description("The exact engine version the service chose, e.g. `13.8` (never "
                                              "diffed against `version`).")
                                 .PlanModifiers({fw::UseStateForUnknown()}));
  db.Add("password", fw::StringAttribute()
                         .Required()
                         .Sensitive()
                         .Description("The root password: 8-32 characters with at least three of upper case, lower "
                                      "case, digits and special characters (`~!@#$%^*-_=+?,` for PostgreSQL, also "
                                      "`()&` for MySQL, without `=` for SQL Server). Reset in place. It cannot be "
                                      "read back."));
  db.Add("port", fw::NumberAttribute()
                     .Optional()
                     .Computed()
                     .Description("The database port (1024-65535); the engine's default (5432, 3306, 1433) when "
                                  "not set. Changed in place.")
                     .Validators({fw::IntBetween(1024, 65535)})
                     .PlanModifiers({fw::UseStateForUnknown()}));
  db.Add("user_name", fw::StringAttribute()
                          .Computed()
                          .Description("The root user's name (`root`, or `rdsuser` for SQL Server).")
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("db", fw::ListBlock(db).MinItems(1).MaxItems(1));

  fw::Block vol;
  vol.description = "The data volume (exactly one block).";
  vol.Add("type", fw::StringAttribute()
                      .Required()
                      .Description("The volume type: `COMMON`, `ULTRAHIGH`, `CLOUDSSD` or `ESSD`. A change replaces "
                                   "the instance.")
                      .Validators({fw::StringOneOf({"COMMON", "ULTRAHIGH", "CLOUDSSD", "ESSD"})})
                      .PlanModifiers({fw::RequiresReplace()}));
  vol.Add("size", fw::NumberAttribute()
                      .Required()
                      .Description("The size in GB: 40-4000, a multiple of 10. Grows in place; the API cannot "
                                   "shrink a volume.")
                      .Validators({fw::IntBetween(40, 4000)}));
  vol.Add("disk_encryption_id", fw::StringAttribute()
                                    .Optional()
                                    .Computed()
                                    .Description("The KMS key ID encrypting the volume. A change replaces the "
                                                 "instance.")
                                    .PlanModifiers({KeepState(), fw::RequiresReplace()}));
  b.Add("volume", fw::ListBlock(vol).MinItems(1).MaxItems(1));

  fw::Block bs;
  bs.description =
      "The automated backup policy (at most one block). Changed in place. Without the block the service's "
      "default policy applies and is not managed.";
  bs.Add("start_time", fw::StringAttribute()
                           .Required()
                           .Description("The backup window, `hh:00-HH:00` with HH one hour after hh (UTC), e.g. "
                                        "`08:00-09:00`."));
  bs.Add("keep_days", fw::NumberAttribute()
                          .Optional()
                          .Computed()
                          .Description("Days to keep automated backups (0-732; 0 disables them). The service's "
                                       "default (7) when not set.")
                          .Validators({fw::IntBetween(0, 732)})
                          .PlanModifiers({fw::UseStateForUnknown()}));
  b.Add("backup_strategy", fw::ListBlock(bs).MaxItems(1));

  fw::AddTimeouts(s, fw::TimeoutDefaults()
                         .Create(std::chrono::minutes(30))
                         .Update(std::chrono::minutes(40))
                         .Delete(std::chrono::minutes(30)));
  return s;
}

// The only element of a MaxItems(1) list block; null (of the element
// type) when absent, null or unknown.
cty::Value First(const cty::Value& obj, const char* block) {
  cty::Value l = AttrOf(obj, block);
  const cty::Type& et = l.type().element();
  if (!l.IsKnown() || l.IsNull() || l.Elements().empty()) return cty::Value::Null(et);
  return l.Elements()[0];
}
cty::Value Sub(const cty::Value& obj, const char* attr) {
  if (!obj.IsKnown() || obj.IsNull()) return cty::Value::Null(cty::Type::Dynamic());
  return obj.GetAttr(attr);
}
bool Known(const cty::Value& v) { return v.IsKnown() && !v.IsNull(); }
cty::Path BlockPath(const char* block, const char* attr) {
  return cty::Path().GetAttr(block).Index(int64_t{0}).GetAttr(attr);
}

std::vector<std::string> StringList(const cty::Value& v) {
  std::vector<std::string> out;
  if (!Known(v)) return out;
  for (const auto& e : v.Elements()) {
    if (Known(e)) out.push_back(e.AsString());
  }
  return out;
}
cty::Value ListOf(const std::vector<std::string>& items) {
  std::vector<cty::Value> v;
  for (const auto& s : items) v.push_back(cty::Value::String(s));
  return cty::Value::List(cty::Type::String(), std::move(v));
}

// Why `pw` is not an acceptable password for engine `type` ("" = fine).
// Never includes the password itself.
std::string PasswordProblem(const std::string& pw, const std::string& type) {
  if (pw.size() < 8 || pw.size() > 32) {
    return "must be 8 to 32 characters long (it has " + std::to_string(pw.size()) + ")";
  }
  std::string specials = "~!@#$%^*-_=+?,";
  if (type == "MySQL") specials += "()&";
  if (type == "SQLServer") specials = "~!@#$%^*-_+?,";
  bool up = false, lo = false, dig = false, sp = false;
  for (char ch : pw) {
    if (ch >= 'A' && ch <= 'Z') {
      up = true;
    } else if (ch >= 'a' && ch <= 'z') {
      lo = true;
    } else if (ch >= '0' && ch <= '9') {
      dig = true;
    } else if (specials.find(ch) != std::string::npos) {
      sp = true;
    } else {
      return "contains a character that " + (type.empty() ? std::string("RDS") : type) +
             " does not allow; the allowed special characters are " + specials;
    }
  }
  if (up + lo + dig + sp < 3) {
    return "must contain at least three of: upper case letters, lower case letters, digits and special "
           "characters (" + specials + ")";
  }
  return "";
}

bool ValidBackupWindow(const std::string& s) {
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':') return false;
  for (size_t i : {0u, 1u, 3u, 4u, 6u, 7u, 9u, 10u}) {
    if (!digit(i)) return false;
  }
  int h1 = (s[0] - '0') * 10 + (s[1] - '0'), h2 = (s[6] - '0') * 10 + (s[7] - '0');
  if (s.substr(3, 2) != "00" || s.substr(9, 2) != "00" || h1 > 23 || h2 > 23) return false;
  return (h1 + 1) % 24 == h2;
}

// The replication modes each engine offers.
std::vector<std::string> ReplicationModes(const std::string& type) {
  if (type == "PostgreSQL") return {"async", "sync"};
  if (type == "MySQL") return {"async", "semisync"};
  if (type == "SQLServer") return {"sync"};
  return {};
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// ---- Waiting ----------------------------------------------------------------

otc::WaitOptions LongWait(const std::string& what) {
  otc::WaitOptions o;
  o.what = what;
  o.initial = std::chrono::seconds(1);
  o.max_interval = std::chrono::seconds(15);
  o.growth = 1.5;
  return o;
}

// Waits for job `job_id` to complete; Failed carries the service's reason.
otc::Status WaitJob(const fw::Context& ctx, otc::Client& c, const std::string& job_id, const std::string& what) {
  if (job_id.empty()) return otc::Status();
  otc::WaitOptions o = LongWait(what);
  o.pending_statuses = {404};  // a new job may not be queryable for a few seconds (api.md 4.2)
  return otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
    auto j = otc::rds::GetJob(x, c, job_id);
    if (!j.ok()) return j.error();
    if (j->status == "Completed") return otc::PollResult{otc::PollResult::kDone, "Completed", ""};
    if (j->status == "Failed") {
      std::string reason = j->fail_reason.empty() ? "the service gave no reason" : j->fail_reason;
      return otc::PollResult{otc::PollResult::kFailed, "Failed",
                             "RDS job " + j->name + " (" + job_id + ") failed: " + reason};
    }
    std::string st = j->status + (j->process.empty() ? "" : " " + j->process);
    return otc::PollResult{otc::PollResult::kPending, st, ""};
  });
}

// Waits until the instance is ACTIVE. `missing_pending`: a 404 right after
// a create (eventual consistency) counts as pending.
otc::Status WaitActive(const fw::Context& ctx, otc::Client& c, const std::string& id, const std::string& what,
                       bool missing_pending) {
  otc::WaitOptions o = LongWait(what);
  if (missing_pending) o.pending_statuses = {404};
  return otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
    auto in = otc::rds::GetInstance(x, c, id);
    if (!in.ok()) return in.error();
    const std::string& st = in->status;
    if (st == "ACTIVE") return otc::PollResult{otc::PollResult::kDone, st, ""};
    if (st == "FAILED" || st == "CREATE FAIL" || st == "FROZEN") {
      return otc::PollResult{otc::PollResult::kFailed, st, "the RDS service reported the instance as " + st};
    }
    return otc::PollResult{otc::PollResult::kPending, st, ""};
  });
}

// Sends `call` until the instance accepts it: while another operation runs
// on it RDS answers 409/403 "busy" (api.md 4.5), which means wait and retry.
template <typename T>
otc::Result<T> WhenIdle(const fw::Context& ctx, const std::string& what,
                        const std::function<otc::Result<T>(const fw::Context&)>& call) {
  std::optional<otc::Result<T>> out;
  otc::WaitOptions o = LongWait(what);
  auto s = otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
    auto r = call(x);
    if (!r.ok() && otc::rds::IsBusy(r.error())) {
      return otc::PollResult{otc::PollResult::kPending, "busy: " + r.error().message(), ""};
    }
    out.emplace(std::move(r));
    return otc::PollResult{otc::PollResult::kDone, "accepted", ""};
  });
  if (!s.ok()) return s;
  return std::move(*out);
}

class RdsInstance final : public fw::Resource,
                          public fw::ResourceWithConfigure,
                          public fw::ResourceWithImportState,
                          public fw::ResourceWithValidateConfig,
                          public fw::ResourceWithModifyPlan {
 public:
  void Metadata(const fw::Context&, const fw::ResourceMetadataRequest& req,
                fw::ResourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_rds_instance";
  }
  void Schema(const fw::Context&, const fw::ResourceSchemaRequest&, fw::ResourceSchemaResponse& resp) override {
    resp.schema = RdsSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  // What the schema cannot say: the password rules of the engine, HA vs
  // AZ count vs flavor, replication modes per engine, the volume size
  // step, the backup window format, SSL (MySQL only) and the tag limits.
  void ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                      fw::ValidateConfigResponse& resp) override {
    auto& diags = resp.diagnostics;
    const cty::Value& cfg = req.config;
    cty::Value db = First(cfg, "db");
    std::optional<std::string> type;
    if (Known(db) && Known(db.GetAttr("type"))) type = db.GetAttr("type").AsString();
    if (Known(db) && Known(db.GetAttr("password"))) {
      std::string problem = PasswordProblem(db.GetAttr("password").AsString(), type.value_or(""));
      if (!problem.empty()) {
        diags.AddAttributeError(BlockPath("db", "password"), "Invalid Database Password",
                                "db.password " + problem + ". Choose another password (its value is not shown).");
      }
    }
    cty::Value mode = AttrOf(cfg, "ha_replication_mode");
    if (Known(mode) && type) {
      auto modes = ReplicationModes(*type);
      if (std::find(modes.begin(), modes.end(), mode.AsString()) == modes.end()) {
        diags.AddAttributeError(cty::Path().GetAttr("ha_replication_mode"), "Invalid Replication Mode",
                                "ha_replication_mode \"" + mode.AsString() + "\" is not offered for " + *type +
                                    "; use one of " + Join(modes) + ".");
      }
    }
    const bool mode_known = mode.IsKnown();
    const bool ha = Known(mode);
    cty::Value azs = AttrOf(cfg, "availability_zone");
    if (mode_known && Known(azs)) {
      size_t n = azs.Elements().size();
      if (ha && n != 2) {
        diags.AddAttributeError(cty::Path().GetAttr("availability_zone"), "Wrong Number Of Availability Zones",
                                "An HA instance (ha_replication_mode set) needs two availability zones, primary "
                                "first, standby second; " + std::to_string(n) + " given.");
      } else if (!ha && n != 1) {
        diags.AddAttributeError(cty::Path().GetAttr("availability_zone"), "Wrong Number Of Availability Zones",
                                "A single instance needs exactly one availability zone; " + std::to_string(n) +
                                    " given. For HA, also set ha_replication_mode.");
      }
    }
    cty::Value flavor = AttrOf(cfg, "flavor");
    if (mode_known && Known(flavor)) {
      const std::string f = flavor.AsString();
      bool ha_flavor = f.size() > 3 && f.compare(f.size() - 3, 3, ".ha") == 0;
      if (ha && !ha_flavor) {
        diags.AddAttributeError(cty::Path().GetAttr("flavor"), "Flavor Does Not Fit HA",
                                "flavor \"" + f + "\" is a single-instance flavor but ha_replication_mode makes "
                                "this an HA instance; use an HA flavor (ending in \".ha\", see edp_rds_flavors "
                                "with instance_mode = \"ha\").");
      } else if (!ha && ha_flavor) {
        diags.AddAttributeError(cty::Path().GetAttr("flavor"), "Flavor Needs HA",
                                "flavor \"" + f + "\" is an HA flavor; set ha_replication_mode (and two "
                                "availability zones) or use a single-instance flavor.");
      }
    }
    cty::Value vol = First(cfg, "volume");
    if (Known(vol) && Known(vol.GetAttr("size"))) {
      auto size = fw::GetInt(vol, "size");
      if (size && *size % 10 != 0) {
        diags.AddAttributeError(BlockPath("volume", "size"), "Invalid Volume Size",
                                "volume.size must be a multiple of 10 GB, got " + std::to_string(*size) + ".");
      }
    }
    cty::Value bs = First(cfg, "backup_strategy");
    if (Known(bs) && Known(bs.GetAttr("start_time")) && !ValidBackupWindow(bs.GetAttr("start_time").AsString())) {
      diags.AddAttributeError(BlockPath("backup_strategy", "start_time"), "Invalid Backup Window",
                              "backup_strategy.start_time must be hh:00-HH:00 with HH one hour after hh (UTC), "
                              "e.g. \"08:00-09:00\"; got \"" + bs.GetAttr("start_time").AsString() + "\".");
    }
    cty::Value ssl = AttrOf(cfg, "ssl_enable");
    if (Known(ssl) && ssl.AsBool() && type && *type != "MySQL") {
      diags.AddAttributeError(cty::Path().GetAttr("ssl_enable"), "SSL Not Switchable",
                              "ssl_enable can only be switched for MySQL instances; " + *type +
                                  " manages TLS itself. Remove ssl_enable.");
    }
    cty::Value tags = AttrOf(cfg, "tags");
    if (Known(tags)) {
      if (tags.MapElements().size() > 20) {
        diags.AddAttributeError(cty::Path().GetAttr("tags"), "Too Many Tags",
                                "An RDS instance can have at most 20 tags; " +
                                    std::to_string(tags.MapElements().size()) + " given.");
      }
      for (const auto& [k, v] : tags.MapElements()) {
        if (k.empty() || k.size() > 36) {
          diags.AddAttributeError(cty::Path().GetAttr("tags").Index(k), "Invalid Tag Key",
                                  "Tag keys must be 1-36 characters long; \"" + k + "\" is not.");
        }
        if (Known(v) && v.AsString().size() > 43) {
          diags.AddAttributeError(cty::Path().GetAttr("tags").Index(k), "Invalid Tag Value",
                                  "The value of tag \"" + k + "\" is longer than 43 characters.");
        }
      }
    }
  }

  void ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req, fw::ModifyPlanResponse& resp) override {
    if (req.plan.IsNull()) return;
    if (!req.state.IsNull()) {
      auto before = fw::GetInt(First(req.state, "volume"), "size");
      auto after = fw::GetInt(First(resp.plan, "volume"), "size");
      if (before && after && *after < *before) {
        resp.diagnostics.AddAttributeError(
            BlockPath("volume", "size"), "Volume Cannot Shrink",
            "volume.size is " + std::to_string(*before) + " GB and RDS can only enlarge a volume; " +
                std::to_string(*after) + " GB is smaller. Keep the size or replace the instance explicitly "
                "(tofu apply -replace).");
      }
    }
    if (!data_) return;
    cty::Value region = AttrOf(resp.plan, "region");
    if (!region.IsKnown()) {
      if (req.state.IsNull()) resp.plan = WithAttr(resp.plan, "region", cty::Value::String(data_->region));
    } else if (!region.IsNull() && region.AsString() != data_->region) {
      resp.diagnostics.AddAttributeError(
          cty::Path().GetAttr("region"), "Region Not Managed By This Provider",
          "region is \"" + region.AsString() + "\" but this provider manages \"" + data_->region +
              "\". Use a provider alias configured for that region.");
    }
  }

  void Create(const fw::Context& ctx, const fw::CreateRequest& req, fw::CreateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return resp.NothingCreated();
    otc::Client& c = *data_->client;
    const cty::Value& plan = req.plan;
    cty::Value db = First(plan, "db"), vol = First(plan, "volume"), bs = First(plan, "backup_strategy");
    otc::rds::InstanceCreate in;
    in.name = GetString(plan, "name").value_or("");
    in.datastore_type = GetString(db, "type").value_or("");
    in.datastore_version = GetString(db, "version").value_or("");
    in.password = GetString(db, "password").value_or("");
    if (auto port = fw::GetInt(db, "port")) in.port = static_cast<int>(*port);
    in.flavor_ref = GetString(plan, "flavor").value_or("");
    in.volume_type = GetString(vol, "type").value_or("");
    in.volume_size = static_cast<int>(fw::GetInt(vol, "size").value_or(0));
    in.disk_encryption_id = GetString(vol, "disk_encryption_id").value_or("");
    in.region = data_->region;
    in.availability_zones = StringList(AttrOf(plan, "availability_zone"));
    in.replication_mode = GetString(plan, "ha_replication_mode").value_or("");
    in.vpc_id = GetString(plan, "vpc_id").value_or("");
    in.subnet_id = GetString(plan, "subnet_id").value_or("");
    in.security_group_id = GetString(plan, "security_group_id").value_or("");
    in.configuration_id = GetString(plan, "param_group_id").value_or("");
    if (Known(bs)) {
      in.backup_start_time = GetString(bs, "start_time");
      if (auto k = fw::GetInt(bs, "keep_days")) in.backup_keep_days = static_cast<int>(*k);
    }
    auto created = otc::rds::CreateInstance(ctx, c, in);
    if (!created.ok()) {
      AddOtcError(resp.diagnostics, created.error());
      return resp.NothingCreated();
    }
    const std::string id = created->instance.id;
    // From here on the instance exists: a failure returns it so it is
    // tainted (replaced on the next apply), never orphaned.
    resp.state = WithAttr(plan, "id", cty::Value::String(id));
    const std::string label = Label(in.name, id);
    auto job = WaitJob(ctx, c, created->job_id, label + " to be created");
    if (!job.ok()) return AddOtcError(resp.diagnostics, job);
    auto active = WaitActive(ctx, c, id, label + " to become ACTIVE", true);
    if (!active.ok()) return AddOtcError(resp.diagnostics, active);
    auto tagged = otc::rds::TagAction(ctx, c, id, "create", TagsFrom(AttrOf(plan, "tags")));
    if (!tagged.ok()) return AddOtcError(resp.diagnostics, tagged);
    auto params = ApplyParameters(ctx, id, label, {}, TagsFrom(AttrOf(plan, "parameters")));
    if (!params.ok()) return AddOtcError(resp.diagnostics, params);
    auto ssl = fw::GetBool(plan, "ssl_enable");
    if (ssl && *ssl) {
      auto s = WhenIdle<bool>(ctx, label + " to accept the SSL change", [&](const fw::Context& x) -> otc::Result<bool> {
        auto r = otc::rds::SetSsl(x, c, id, true);
        if (!r.ok()) return r;
        return true;
      });
      if (!s.ok()) return AddOtcError(resp.diagnostics, s.error());
    }
    auto want_ips = StringList(AttrOf(plan, "public_ips"));
    if (!want_ips.empty()) {
      auto bound = BindPublicIp(ctx, id, label, "", want_ips.front());
      if (!bound.ok()) return AddOtcError(resp.diagnostics, bound);
    }
    cty::Value remote;
    if (!Fetch(ctx, id, resp.state, true, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kCreate, kTitle, label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(plan, remote);
  }

  void Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return resp.RemoveResource();
    cty::Value remote;
    if (!Fetch(ctx, *id, req.state, false, remote, resp.diagnostics)) return;
    resp.state = remote;  // null when gone
  }

  void Update(const fw::Context& ctx, const fw::UpdateRequest& req, fw::UpdateResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    const std::string id = GetString(req.state, "id").value_or("");
    const std::string label = Label(GetString(req.state, "name").value_or(""), id);
    resp.state = req.state;
    auto fail = [&](const otc::Error& e) {
      AddOtcError(resp.diagnostics, e);
      // The best-known state: what the instance looks like now.
      cty::Value now;
      tfplugin::Diagnostics ignored;
      if (Fetch(ctx, id, req.state, false, now, ignored) && !now.IsNull()) resp.state = now;
    };
    auto changed = [](const cty::Value& before, const cty::Value& after) {
      return after.IsKnown() && !after.IsNull() && after != before;
    };
    // One asynchronous modification: sent when the instance is idle, then
    // its job and the return to ACTIVE are awaited.
    auto modify = [&](const std::string& what,
                      const std::function<otc::Result<std::string>(const fw::Context&)>& call) -> otc::Status {
      auto job = WhenIdle<std::string>(ctx, label + " to accept " + what, call);
      if (!job.ok()) return job.error();
      auto w = WaitJob(ctx, c, job.value(), label + " to finish " + what);
      if (!w.ok()) return w;
      return WaitActive(ctx, c, id, label + " to become ACTIVE after " + what, false);
    };

    cty::Value sg = AttrOf(req.plan, "security_group_id");
    if (changed(AttrOf(req.state, "security_group_id"), sg)) {
      auto s = modify("the security group change", [&](const fw::Context& x) {
        return otc::rds::SetSecurityGroup(x, c, id, sg.AsString());
      });
      if (!s.ok()) return fail(s);
    }
    cty::Value flavor = AttrOf(req.plan, "flavor");
    if (changed(AttrOf(req.state, "flavor"), flavor)) {
      auto s = modify("the resize to " + flavor.AsString(), [&](const fw::Context& x) {
        return otc::rds::ResizeFlavor(x, c, id, flavor.AsString());
      });
      if (!s.ok()) return fail(s);
    }
    cty::Value size = Sub(First(req.plan, "volume"), "size");
    if (changed(Sub(First(req.state, "volume"), "size"), size)) {
      int gb = static_cast<int>(fw::GetInt(First(req.plan, "volume"), "size").value_or(0));
      auto s = modify("the volume enlargement to " + std::to_string(gb) + " GB",
                      [&](const fw::Context& x) { return otc::rds::EnlargeVolume(x, c, id, gb); });
      if (!s.ok()) return fail(s);
    }
    cty::Value port = Sub(First(req.plan, "db"), "port");
    if (changed(Sub(First(req.state, "db"), "port"), port)) {
      int p = static_cast<int>(fw::GetInt(First(req.plan, "db"), "port").value_or(0));
      auto s = modify("the port change to " + std::to_string(p),
                      [&](const fw::Context& x) { return otc::rds::SetPort(x, c, id, p); });
      if (!s.ok()) return fail(s);
    }
    cty::Value old_bs = First(req.state, "backup_strategy"), new_bs = First(req.plan, "backup_strategy");
    if (Known(new_bs) && new_bs != old_bs) {
      std::string start = GetString(new_bs, "start_time").value_or("");
      int keep = static_cast<int>(
          fw::GetInt(new_bs, "keep_days").value_or(fw::GetInt(old_bs, "keep_days").value_or(7)));
      auto s = WhenIdle<bool>(ctx, label + " to accept the backup policy", [&](const fw::Context& x) -> otc::Result<bool> {
        auto r = otc::rds::SetBackupPolicy(x, c, id, start, keep);
        if (!r.ok()) return r;
        return true;
      });
      if (!s.ok()) return fail(s.error());
    }
    auto params = ApplyParameters(ctx, id, label, TagsFrom(AttrOf(req.state, "parameters")),
                                  TagsFrom(AttrOf(req.plan, "parameters")));
    if (!params.ok()) return fail(params);
    cty::Value ssl = AttrOf(req.plan, "ssl_enable");
    if (changed(AttrOf(req.state, "ssl_enable"), ssl)) {
      auto s = WhenIdle<bool>(ctx, label + " to accept the SSL change", [&](const fw::Context& x) -> otc::Result<bool> {
        auto r = otc::rds::SetSsl(x, c, id, ssl.AsBool());
        if (!r.ok()) return r;
        return true;
      });
      if (!s.ok()) return fail(s.error());
    }
    // The password: after an import the state has none (it cannot be read
    // back); the configured one is only recorded then.
    cty::Value old_pw = Sub(First(req.state, "db"), "password"), new_pw = Sub(First(req.plan, "db"), "password");
    if (Known(old_pw) && changed(old_pw, new_pw)) {
      auto s = WhenIdle<bool>(ctx, label + " to accept the password reset", [&](const fw::Context& x) -> otc::Result<bool> {
        auto r = otc::rds::ResetPassword(x, c, id, new_pw.AsString());
        if (!r.ok()) return r;
        return true;
      });
      if (!s.ok()) return fail(s.error());
    }
    cty::Value ips = AttrOf(req.plan, "public_ips");
    if (ips.IsWhollyKnown() && !ips.IsNull() && ips != AttrOf(req.state, "public_ips")) {
      auto from = StringList(AttrOf(req.state, "public_ips")), to = StringList(ips);
      auto s = BindPublicIp(ctx, id, label, from.empty() ? "" : from.front(), to.empty() ? "" : to.front());
      if (!s.ok()) return fail(s);
    }
    auto have = TagsFrom(AttrOf(req.state, "tags")), want = TagsFrom(AttrOf(req.plan, "tags"));
    if (have != want) {
      std::map<std::string, std::string> drop, put;
      for (const auto& [k, v] : have) {
        if (!want.count(k)) drop[k] = v;
      }
      for (const auto& [k, v] : want) {
        auto it = have.find(k);
        if (it == have.end() || it->second != v) put[k] = v;
      }
      auto d = otc::rds::TagAction(ctx, c, id, "delete", drop);
      if (!d.ok()) return fail(d);
      auto p = otc::rds::TagAction(ctx, c, id, "create", put);
      if (!p.ok()) return fail(p);
    }
    cty::Value remote;
    if (!Fetch(ctx, id, req.plan, false, remote, resp.diagnostics)) return;
    if (!ExistsAfterWrite(remote, WriteStep::kUpdate, kTitle, label, resp.diagnostics)) return;
    resp.state = fw::UnknownsFrom(req.plan, remote);
  }

  void Delete(const fw::Context& ctx, const fw::DeleteRequest& req, fw::DeleteResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    otc::Client& c = *data_->client;
    auto id = GetString(req.state, "id");
    if (!id || id->empty()) return;
    const std::string label = Label(GetString(req.state, "name").value_or(""), *id);
    // DELETE (409 while another operation runs: try again), then the
    // delete job until Completed (Failed: the service's reason), then the
    // instance until it is no longer listed.
    std::string job_id;
    bool job_done = false;
    otc::WaitOptions o = LongWait(label + " to be deleted");
    auto s = otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      if (job_id.empty()) {
        auto d = otc::rds::DeleteInstance(x, c, *id);
        if (!d.ok() && d.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
        if (!d.ok() && otc::rds::IsBusy(d.error())) {
          return otc::PollResult{otc::PollResult::kPending, "busy: " + d.error().message(), ""};
        }
        if (!d.ok()) return d.error();
        job_id = d.value();
        if (job_id.empty()) job_done = true;  // no job to follow: watch the instance
        return otc::PollResult{otc::PollResult::kPending, "delete requested", ""};
      }
      if (!job_done) {
        auto j = otc::rds::GetJob(x, c, job_id);
        if (!j.ok() && j.error().IsNotFound()) return otc::PollResult{otc::PollResult::kPending, "job pending", ""};
        if (!j.ok()) return j.error();
        if (j->status == "Failed") {
          std::string reason = j->fail_reason.empty() ? "the service gave no reason" : j->fail_reason;
          return otc::PollResult{otc::PollResult::kFailed, "Failed",
                                 "RDS job " + j->name + " (" + job_id + ") failed: " + reason};
        }
        if (j->status != "Completed") return otc::PollResult{otc::PollResult::kPending, "job " + j->status, ""};
        job_done = true;
      }
      auto g = otc::rds::GetInstance(x, c, *id);
      if (!g.ok() && g.error().IsNotFound()) return otc::PollResult{otc::PollResult::kDone, "deleted", ""};
      if (!g.ok()) return g.error();
      return otc::PollResult{otc::PollResult::kPending, "still listed (" + g->status + ")", ""};
    });
    if (!s.ok()) AddOtcError(resp.diagnostics, s);
  }

  void ImportState(const fw::Context&, const fw::ImportStateRequest& req, fw::ImportStateResponse& resp) override {
    if (req.id.empty() || req.id.find('/') != std::string::npos || req.id.find(' ') != std::string::npos) {
      resp.diagnostics.AddError("Invalid Import ID",
                                "edp_rds_instance is imported by its instance ID (e.g. "
                                "\"3c1e...in01\", not its name), got \"" + req.id + "\".");
      return;
    }
    fw::ImportStatePassthroughID(req, resp);
  }

 private:
  static std::string Label(const std::string& name, const std::string& id) {
    return name.empty() ? std::string(kTitle) + " " + id : std::string(kTitle) + " \"" + name + "\" (" + id + ")";
  }

  // Moves the instance's public address from EIP `from` ("" = none) to
  // EIP `to` ("" = unbind): the EIP is bound to the Neutron port holding
  // the instance's first private address, and waited for until ACTIVE.
  otc::Status BindPublicIp(const fw::Context& ctx, const std::string& id, const std::string& label,
                           const std::string& from, const std::string& to) {
    otc::Client& c = *data_->client;
    auto eips = otc::vpc::ListEips(ctx, c);
    if (!eips.ok()) return eips.error();
    auto find = [&](const std::string& addr) -> const otc::vpc::Eip* {
      for (const auto& e : eips.value()) {
        if (e.public_ip_address == addr) return &e;
      }
      return nullptr;
    };
    if (!from.empty()) {
      const otc::vpc::Eip* old = find(from);
      if (old != nullptr && !old->port_id.empty()) {
        auto u = otc::vpc::UpdateEipPort(ctx, c, old->id, "");
        if (!u.ok() && !u.error().IsNotFound()) return u.error();
      }
    }
    if (to.empty()) return otc::Status();
    const otc::vpc::Eip* eip = find(to);
    const std::string what = "binding public IP " + to + " to " + label;
    if (eip == nullptr) {
      return otc::Error(otc::ErrorKind::kConfig, "no EIP with address " + to + " exists in this project")
          .set_what(what)
          .set_hint("Create the EIP first (edp_vpc_eip) and use its publicip.ip_address in public_ips.");
    }
    auto inst = otc::rds::GetInstance(ctx, c, id);
    if (!inst.ok()) return inst.error();
    if (inst->private_ips.empty()) {
      return otc::Error(otc::ErrorKind::kFailed, "the instance has no private address yet").set_what(what);
    }
    auto port = otc::rds::FindPortByIp(ctx, c, inst->private_ips.front());
    if (!port.ok()) return port.error();
    if (eip->port_id == port.value()) return otc::Status();
    if (!eip->port_id.empty()) {
      return otc::Error(otc::ErrorKind::kConfig, "EIP " + to + " is already bound to port " + eip->port_id)
          .set_what(what)
          .set_hint("Unbind it from that port first (or choose a free EIP).");
    }
    auto b = otc::vpc::UpdateEipPort(ctx, c, eip->id, port.value());
    if (!b.ok()) return b.error();
    otc::WaitOptions o;
    o.what = "EIP " + to + " to be bound to " + label;
    o.initial = std::chrono::milliseconds(300);
    o.max_interval = std::chrono::seconds(5);
    const std::string eip_id = eip->id;
    return otc::WaitUntil(ctx, o, [&](const fw::Context& x) -> otc::Result<otc::PollResult> {
      auto e = otc::vpc::GetEip(x, c, eip_id);
      if (!e.ok()) return e.error();
      if (e->status == "ACTIVE") return otc::PollResult{otc::PollResult::kDone, e->status, ""};
      if (e->status == "ERROR" || e->status == "BIND_ERROR") {
        return otc::PollResult{otc::PollResult::kFailed, e->status, "the VPC service reported the EIP as " + e->status};
      }
      return otc::PollResult{otc::PollResult::kPending, e->status, ""};
    });
  }

  // Sets the parameters of `want` whose value differs from `have` and from
  // the instance's current value (keys only in `have` keep their value),
  // waits for the job and restarts the instance when the API says a
  // changed parameter needs it.
  otc::Status ApplyParameters(const fw::Context& ctx, const std::string& id, const std::string& label,
                              const std::map<std::string, std::string>& have,
                              const std::map<std::string, std::string>& want) {
    otc::Client& c = *data_->client;
    std::map<std::string, std::string> values;
    for (const auto& [k, v] : want) {
      auto it = have.find(k);
      if (it == have.end() || it->second != v) values[k] = v;
    }
    if (values.empty()) return otc::Status();
    // Only what differs on the instance itself (after an import the state
    // knows no parameters; nothing is sent, and nothing restarted, for
    // values the instance already has).
    auto current = otc::rds::GetParameters(ctx, c, id);
    if (!current.ok()) return current.error();
    for (auto it = values.begin(); it != values.end();) {
      auto cur = current->find(it->first);
      it = cur != current->end() && cur->second == it->second ? values.erase(it) : std::next(it);
    }
    if (values.empty()) return otc::Status();
    auto applied = WhenIdle<otc::rds::ParamsApplied>(
        ctx, label + " to accept the parameter change",
        [&](const fw::Context& x) { return otc::rds::SetParameters(x, c, id, values); });
    if (!applied.ok()) return applied.error();
    auto w = WaitJob(ctx, c, applied->job_id, label + " to apply the parameters");
    if (!w.ok()) return w;
    if (!applied->restart_required) return otc::Status();
    auto restarted = WhenIdle<std::string>(ctx, label + " to accept the restart the parameters need",
                                           [&](const fw::Context& x) { return otc::rds::Restart(x, c, id); });
    if (!restarted.ok()) return restarted.error();
    auto rw = WaitJob(ctx, c, restarted.value(), label + " to restart for the new parameters");
    if (!rw.ok()) return rw;
    return WaitActive(ctx, c, id, label + " to become ACTIVE after the restart", false);
  }

  // The remote object as a state value built on `base` (null when gone).
  // `after_create`: a 404 right after the create is retried briefly
  // (eventual consistency) instead of meaning "gone". Returns false with a
  // diagnostic on an API error.
  bool Fetch(const fw::Context& ctx, const std::string& id, const cty::Value& base, bool after_create,
             cty::Value& out, tfplugin::Diagnostics& diags) {
    otc::Client& c = *data_->client;
    auto got = otc::rds::GetInstance(ctx, c, id);
    if (!got.ok() && got.error().IsNotFound() && after_create) {
      auto w = WaitActive(ctx, c, id, Label("", id) + " to be listed", true);
      if (w.ok()) got = otc::rds::GetInstance(ctx, c, id);
    }
    if (!got.ok()) {
      if (got.error().IsNotFound()) {
        out = cty::Value::Null(base.type());
        return true;
      }
      AddOtcError(diags, got.error());
      return false;
    }
    const otc::rds::Instance& in = got.value();
    // An imported state has only the id: every managed attribute is read.
    const bool imported = AttrOf(base, "name").IsNull();

    cty::Value s = base;
    s = WithAttr(s, "id", cty::Value::String(in.id));
    s = WithAttr(s, "region", cty::Value::String(data_->region));
    s = WithAttr(s, "name", cty::Value::String(in.name));
    s = WithAttr(s, "flavor", cty::Value::String(in.flavor_ref));
    std::vector<std::string> azs;
    for (const auto& n : in.nodes) azs.push_back(n.availability_zone);
    if (!azs.empty()) s = WithAttr(s, "availability_zone", ListOf(azs));
    s = WithAttr(s, "ha_replication_mode", in.replication_mode.empty() ? cty::Value::Null(cty::Type::String())
                                                                       : cty::Value::String(in.replication_mode));
    s = WithAttr(s, "vpc_id", cty::Value::String(in.vpc_id));
    s = WithAttr(s, "subnet_id", cty::Value::String(in.subnet_id));
    s = WithAttr(s, "security_group_id", cty::Value::String(in.security_group_id));
    if (!AttrOf(base, "param_group_id").IsKnown()) {
      s = WithAttr(s, "param_group_id", cty::Value::Null(cty::Type::String()));
    }
    s = WithAttr(s, "ssl_enable", cty::Value::Bool(in.enable_ssl));
    s = WithAttr(s, "tags", TagsValue(in.tags, AttrOf(base, "tags")));
    s = WithAttr(s, "private_ips", ListOf(in.private_ips));
    s = WithAttr(s, "public_ips", ListOf(in.public_ips));
    std::vector<cty::Value> nodes;
    for (const auto& n : in.nodes) {
      nodes.push_back(cty::Value::ObjectOf(NodeType(), {{"availability_zone", cty::Value::String(n.availability_zone)},
                                                        {"id", cty::Value::String(n.id)},
                                                        {"name", cty::Value::String(n.name)},
                                                        {"role", cty::Value::String(n.role)},
                                                        {"status", cty::Value::String(n.status)}}));
    }
    s = WithAttr(s, "nodes", cty::Value::List(NodeType(), std::move(nodes)));
    s = WithAttr(s, "status", cty::Value::String(in.status));
    s = WithAttr(s, "created", cty::Value::String(in.created));

    // parameters: the managed keys' current values (drift shows).
    cty::Value params = AttrOf(base, "parameters");
    if (Known(params) && !params.MapElements().empty()) {
      auto current = otc::rds::GetParameters(ctx, c, id);
      if (!current.ok()) {
        if (current.error().IsNotFound()) {
          out = cty::Value::Null(base.type());
          return true;
        }
        AddOtcError(diags, current.error());
        return false;
      }
      std::map<std::string, cty::Value> m;
      for (const auto& [k, v] : params.MapElements()) {
        auto it = current->find(k);
        if (it != current->end()) m.emplace(k, cty::Value::String(it->second));
      }
      s = WithAttr(s, "parameters", cty::Value::Map(cty::Type::String(), std::move(m)));
    } else if (!params.IsKnown()) {
      s = WithAttr(s, "parameters", cty::Value::Null(params.type()));
    }

    cty::Value base_db = First(base, "db");
    const cty::Type db_type = AttrOf(base, "db").type().element();
    cty::Value pw = Known(base_db) ? base_db.GetAttr("password") : cty::Value::Null(cty::Type::String());
    if (!pw.IsKnown()) pw = cty::Value::Null(cty::Type::String());
    cty::Value db = cty::Value::ObjectOf(db_type, {{"type", cty::Value::String(in.datastore_type)},
                                                  {"version", cty::Value::String(in.datastore_version)},
                                                  {"complete_version", cty::Value::String(in.complete_version)},
                                                  {"password", pw},
                                                  {"port", cty::Value::Int(in.port)},
                                                  {"user_name", cty::Value::String(in.db_user_name)}});
    s = WithAttr(s, "db", cty::Value::List(db_type, {db}));

    cty::Value base_vol = First(base, "volume");
    const cty::Type vol_type = AttrOf(base, "volume").type().element();
    cty::Value vol = cty::Value::ObjectOf(
        vol_type, {{"type", cty::Value::String(in.volume_type)},
                   {"size", cty::Value::Int(in.volume_size)},
                   {"disk_encryption_id",
                    OptionalString(in.disk_encryption_id, Known(base_vol) ? base_vol.GetAttr("disk_encryption_id")
                                                                          : cty::Value::Null(cty::Type::String()))}});
    s = WithAttr(s, "volume", cty::Value::List(vol_type, {vol}));

    // backup_strategy: managed only when configured (or imported).
    cty::Value base_bs = First(base, "backup_strategy");
    const cty::Type bs_type = AttrOf(base, "backup_strategy").type().element();
    if (Known(base_bs) || imported) {
      std::string start = in.backup_start_time;
      // keep_days 0 (backups off): the API may not report the window; keep the configured one.
      if (start.empty() && Known(base_bs) && Known(base_bs.GetAttr("start_time"))) {
        start = base_bs.GetAttr("start_time").AsString();
      }
      cty::Value b = cty::Value::ObjectOf(
          bs_type, {{"start_time", cty::Value::String(start)}, {"keep_days", cty::Value::Int(in.backup_keep_days)}});
      s = WithAttr(s, "backup_strategy", cty::Value::List(bs_type, {b}));
    } else {
      s = WithAttr(s, "backup_strategy", cty::Value::EmptyList(bs_type));
    }
    out = s;
    return true;
  }

  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::ResourceFactory RdsInstanceResource() {
  return [] { return std::make_unique<RdsInstance>(); };
}

}  // namespace resources
