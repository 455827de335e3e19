#include "resources/common.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <utility>
#include <vector>

#include "framework/validator.h"
#include "framework/values.h"
#include "otc/signer.h"
#include "otc/waiter.h"

namespace resources {

std::shared_ptr<const ProviderData> ProviderDataFrom(const std::any& provider_data) {
  if (auto* d = std::any_cast<std::shared_ptr<const ProviderData>>(&provider_data)) return *d;
  return nullptr;
}

bool RequireConfigured(const std::shared_ptr<const ProviderData>& data, tfplugin::Diagnostics& diags) {
  if (data && data->client) return true;
  diags.AddError("Provider Not Configured",
                 "The edp provider was asked to call the OTC API before it was configured. This is a bug "
                 "in OpenTofu or in the calling tool: ConfigureProvider must come first.");
  return false;
}

void AddGoneAfterWrite(tfplugin::Diagnostics& diags, WriteStep step, const std::string& title,
                       const std::string& what) {
  if (step == WriteStep::kCreate) {
    diags.AddError(title + " Disappeared After Create",
                   what + " was created and then deleted by someone else before it could be read back. Run the "
                          "apply again to re-create it.");
  } else {
    diags.AddError(title + " Disappeared During Update",
                   what + " was deleted by someone else while it was being updated. Run the plan again to "
                          "re-create it.");
  }
}

bool ExistsAfterWrite(const cty::Value& remote, WriteStep step, const std::string& title, const std::string& what,
                      tfplugin::Diagnostics& diags) {
  if (!remote.IsNull()) return true;
  AddGoneAfterWrite(diags, step, title, what);
  return false;
}

void AddOtcError(tfplugin::Diagnostics& diags, const otc::Error& e) {
  diags.AddError(e.Summary(), e.Message());
}

// ---- IPv4 ------------------------------------------------------------------

namespace {

bool ParseDecimal(std::string_view s, uint32_t max, uint32_t& out) {
  if (s.empty() || s.size() > 3) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  uint32_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  if (v > max) return false;
  out = v;
  return true;
}

bool TagChar(char c, bool allow_dot) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || (allow_dot && c == '.');
}

}  // namespace

std::optional<uint32_t> ParseIpv4(std::string_view s) {
  uint32_t out = 0;
  for (int octet = 0; octet < 4; ++octet) {
    size_t dot = s.find('.');
    if ((octet < 3) != (dot != std::string_view::npos)) return std::nullopt;
    std::string_view part = octet < 3 ? s.substr(0, dot) : s;
    uint32_t v = 0;
    if (!ParseDecimal(part, 255, v)) return std::nullopt;
    out = (out << 8) | v;
    if (octet < 3) s.remove_prefix(dot + 1);
  }
  return out;
}

std::optional<Ipv4Prefix> ParseIpv4Cidr(std::string_view s) {
  size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto addr = ParseIpv4(s.substr(0, slash));
  uint32_t len = 0;
  if (!addr || !ParseDecimal(s.substr(slash + 1), 32, len)) return std::nullopt;
  return Ipv4Prefix{*addr, static_cast<int>(len)};
}

std::string FormatIpv4(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

namespace {

class Ipv4AddressValidator final : public framework::Validator {
 public:
  std::string Description() const override {
    return "value must be an IPv4 address in dotted-quad notation, like \"10.0.0.1\"";
  }
  void Validate(const framework::ValidatorRequest& req, tfplugin::Diagnostics& diags) const override {
    cty::Value v = req.value.Unmark();
    if (v.IsNull() || !v.IsKnown() || v.type() != cty::Type::String()) return;
    if (ParseIpv4(v.AsString())) return;
    diags.AddAttributeError(req.path, "Invalid Attribute Value",
                            "Attribute " + framework::DisplayPath(req.path) + " " + Description() +
                                ", got: " + framework::DisplayValue(v, req.sensitive));
  }
};

}  // namespace

framework::ValidatorPtr IsIpv4Address() { return std::make_shared<Ipv4AddressValidator>(); }

// ---- Values ----------------------------------------------------------------

cty::Value OptionalString(const std::string& api, const cty::Value& prior) {
  if (!api.empty()) return cty::Value::String(api);
  if (prior.IsKnown() && !prior.IsNull() && prior.type() == cty::Type::String() &&
      prior.AsString().empty()) {
    return cty::Value::String("");
  }
  return cty::Value::Null(cty::Type::String());
}

cty::Value TagsValue(const std::map<std::string, std::string>& tags, const cty::Value& prior) {
  if (tags.empty() && (prior.IsNull() || !prior.IsKnown())) {
    return cty::Value::Null(cty::Type::Map(cty::Type::String()));
  }
  std::map<std::string, cty::Value> m;
  for (const auto& [k, v] : tags) m.emplace(k, cty::Value::String(v));
  return cty::Value::Map(cty::Type::String(), std::move(m));
}

std::map<std::string, std::string> TagsFrom(const cty::Value& v) {
  std::map<std::string, std::string> out;
  if (v.IsNull() || !v.IsKnown()) return out;
  for (const auto& [k, e] : v.MapElements()) {
    if (e.IsKnown() && !e.IsNull()) out.emplace(k, e.AsString());
  }
  return out;
}

void ValidateTags(const cty::Value& tags, const cty::Path& path, tfplugin::Diagnostics& diags) {
  if (tags.IsNull() || !tags.IsKnown()) return;
  const auto& elems = tags.MapElements();
  if (elems.size() > 10) {
    diags.AddAttributeError(path, "Too Many Tags",
                            "The VPC service accepts at most 10 tags per object; " +
                                std::to_string(elems.size()) + " are configured. Remove some.");
  }
  for (const auto& [k, v] : elems) {
    bool key_ok = !k.empty() && k.size() <= 36;
    for (char c : k) key_ok = key_ok && TagChar(c, false);
    if (!key_ok) {
      diags.AddAttributeError(path.Index(k), "Invalid Tag Key",
                              "Tag key \"" + k +
                                  "\" must be 1-36 characters of letters, digits, '-' and '_'.");
    }
    if (!v.IsKnown() || v.IsNull()) continue;
    const std::string& s = v.AsString();
    bool value_ok = s.size() <= 43;
    for (char c : s) value_ok = value_ok && TagChar(c, true);
    if (!value_ok) {
      diags.AddAttributeError(path.Index(k), "Invalid Tag Value",
                              "The value of tag \"" + k +
                                  "\" must be at most 43 characters of letters, digits, '-', '_' and '.'.");
    }
  }
}

// ---- Tags API --------------------------------------------------------------

namespace {

otc::Result<std::string> TagsPath(const framework::Context& ctx, otc::Client& c, const std::string& kind,
                                  const std::string& id) {
  auto pid = c.ProjectId(ctx);
  if (!pid.ok()) return pid.error();
  return "/v2.0/" + pid.value() + "/" + kind + "/" + otc::UriEncode(id, false) + "/tags";
}

otc::Status TagAction(const framework::Context& ctx, otc::Client& c, const std::string& path,
                      const std::string& action, const std::map<std::string, std::string>& tags,
                      const std::string& what) {
  otc::json list = otc::json::array();
  for (const auto& [k, v] : tags) list.push_back({{"key", k}, {"value", v}});
  otc::Request req;
  req.method = "POST";
  req.service = "network";
  req.path = path + "/action";
  req.body = otc::json{{"action", action}, {"tags", list}};
  req.ok_codes = {200, 204};
  // Batch create/delete are idempotent (create overwrites, delete of a
  // missing key is a no-op), so a replay after an ambiguous failure is safe.
  req.idempotent = true;
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return otc::Status();
}

}  // namespace

otc::Result<std::map<std::string, std::string>> GetTags(const framework::Context& ctx, otc::Client& c,
                                                        const std::string& kind, const std::string& id) {
  std::string what = "reading the tags of " + kind + " " + id;
  auto path = TagsPath(ctx, c, kind, id);
  if (!path.ok()) return otc::Error(path.error()).set_what(what);
  otc::Request req;
  req.service = "network";
  req.path = path.value();
  req.ok_codes = {200, 202};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  otc::json body = r->Json();
  std::map<std::string, std::string> out;
  if (!body.is_object() || !body.contains("tags") || !body["tags"].is_array()) {
    return otc::Error(otc::ErrorKind::kDecode, "the response has no \"tags\" list").set_what(what);
  }
  for (const auto& t : body["tags"]) {
    if (!t.is_object() || !t.contains("key") || !t["key"].is_string()) continue;
    std::string value = t.contains("value") && t["value"].is_string() ? t["value"].get<std::string>() : "";
    out[t["key"].get<std::string>()] = value;
  }
  return out;
}

otc::Status SetTags(const framework::Context& ctx, otc::Client& c, const std::string& kind,
                    const std::string& id, const std::map<std::string, std::string>& have,
                    const std::map<std::string, std::string>& want) {
  if (have == want) return otc::Status();
  std::string what = "updating the tags of " + kind + " " + id;
  auto path = TagsPath(ctx, c, kind, id);
  if (!path.ok()) return otc::Error(path.error()).set_what(what);
  std::map<std::string, std::string> remove, add;
  for (const auto& [k, v] : have) {
    auto it = want.find(k);
    if (it == want.end()) remove.emplace(k, v);
  }
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || it->second != v) add.emplace(k, v);
  }
  if (!remove.empty()) {
    auto s = TagAction(ctx, c, path.value(), "delete", remove, what);
    if (!s.ok()) return s;
  }
  if (!add.empty()) {
    auto s = TagAction(ctx, c, path.value(), "create", add, what);
    if (!s.ok()) return s;
  }
  return otc::Status();
}

otc::Status WaitForStatus(const framework::Context& ctx, const std::string& what, const std::string& noun,
                          const std::string& ready, const std::vector<std::string>& failed,
                          const std::function<otc::Result<std::string>(const framework::Context&)>& status) {
  otc::WaitOptions opts;
  opts.what = what;
  opts.initial = std::chrono::milliseconds(300);
  opts.max_interval = std::chrono::seconds(5);
  opts.pending_statuses = {404};  // eventual consistency right after the create
  return otc::WaitUntil(ctx, opts, [&](const framework::Context& x) -> otc::Result<otc::PollResult> {
    auto st = status(x);
    if (!st.ok()) return st.error();
    const std::string& v = st.value();
    if (v == ready) return otc::PollResult{otc::PollResult::kDone, v, ""};
    if (std::find(failed.begin(), failed.end(), v) != failed.end()) {
      return otc::PollResult{otc::PollResult::kFailed, v, "the VPC service reported the " + noun + " as " + v};
    }
    return otc::PollResult{otc::PollResult::kPending, v, ""};
  });
}

}  // namespace resources
