#include "obs_bucket_xml.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

namespace resources::obsxml {
namespace {

using json = nlohmann::json;
using xml::XmlNode;

XmlNode El(std::string name, std::string text = "") {
  XmlNode n;
  n.name = std::move(name);
  n.text = std::move(text);
  return n;
}

XmlNode& Add(XmlNode& parent, std::string name, std::string text = "") {
  parent.children.push_back(El(std::move(name), std::move(text)));
  return parent.children.back();
}

// A non-negative decimal of at most 10 digits; nullopt otherwise.
std::optional<int64_t> ParseDays(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> Texts(const XmlNode& n, std::string_view name) {
  std::vector<std::string> out;
  for (const XmlNode* c : n.All(name)) out.push_back(Trimmed(c->text));
  return out;
}

const std::set<std::string>& ConditionKeys() {
  static const std::set<std::string> k = {"KeyPrefixEquals", "HttpErrorCodeReturnedEquals"};
  return k;
}
const std::set<std::string>& RedirectKeys() {
  static const std::set<std::string> k = {"Protocol", "HostName", "ReplaceKeyPrefixWith", "ReplaceKeyWith",
                                          "HttpRedirectCode"};
  return k;
}

std::string ScalarText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// Every scalar as its text; objects and arrays kept (for comparisons).
json Stringified(const json& v) {
  if (v.is_object()) {
    json o = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) o[it.key()] = Stringified(it.value());
    return o;
  }
  if (v.is_array()) {
    json a = json::array();
    for (const auto& e : v) a.push_back(Stringified(e));
    return a;
  }
  if (v.is_null()) return v;
  return ScalarText(v);
}

}  // namespace

std::string CheckBucketName(std::string_view n) {
  if (n.size() < 3 || n.size() > 63) {
    return "must be 3 to 63 characters long, got " + std::to_string(n.size());
  }
  for (char c : n) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
      return std::string("may contain only lower-case letters, digits, '-' and '.', got '") + c + "'";
    }
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(n.front()) || !alnum(n.back())) return "must start and end with a lower-case letter or digit";
  if (n.find("..") != std::string_view::npos) return "must not contain \"..\"";
  if (n.find("-.") != std::string_view::npos || n.find(".-") != std::string_view::npos) {
    return "must not contain \"-.\" or \".-\"";
  }
  int dots = 0;
  bool ip_like = true;
  for (char c : n) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      ip_like = false;
    }
  }
  if (ip_like && dots == 3) return "must not look like an IP address";
  return "";
}

std::string NormalizeStorageClass(std::string_view s) {
  std::string t = Trimmed(s);
  if (t == "STANDARD_IA") return "WARM";
  if (t == "GLACIER") return "COLD";
  return t;
}

std::string S3StorageClass(std::string_view obs_class) {
  if (obs_class == "WARM") return "STANDARD_IA";
  if (obs_class == "COLD") return "GLACIER";
  return std::string(obs_class);
}

// ---- versioning / storage class / ACL ---------------------------------------

std::string BuildVersioning(bool enabled) {
  XmlNode root = El("VersioningConfiguration");
  Add(root, "Status", enabled ? "Enabled" : "Suspended");
  return xml::WriteXml(root);
}

std::string ParseVersioning(const XmlNode& n) { return n.ChildText("Status"); }

std::string BuildStoragePolicy(std::string_view obs_class) {
  XmlNode root = El("StoragePolicy");
  Add(root, "DefaultStorageClass", S3StorageClass(obs_class));
  return xml::WriteXml(root);
}

std::string ParseStorageClass(const XmlNode& n) {
  if (n.name == "StoragePolicy") return NormalizeStorageClass(n.ChildText("DefaultStorageClass"));
  return NormalizeStorageClass(n.text);
}

std::string CannedAclFromPolicy(const XmlNode& n) {
  const XmlNode* list = n.Child("AccessControlList");
  if (list == nullptr) return "";
  std::set<std::string> all_users, log_delivery;
  int others = 0;
  for (const XmlNode* g : list->All("Grant")) {
    const XmlNode* grantee = g->Child("Grantee");
    std::string perm = g->ChildText("Permission");
    if (grantee == nullptr) continue;
    std::string uri = grantee->ChildText("URI"), canned = grantee->ChildText("Canned");
    auto ends = [&](std::string_view suffix) {
      return uri.size() >= suffix.size() && uri.compare(uri.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (canned == "Everyone" || ends("/AllUsers")) {
      all_users.insert(perm);
    } else if (canned == "LogDelivery" || ends("/LogDelivery")) {
      log_delivery.insert(perm);
    } else if (!grantee->ChildText("ID").empty() && perm == "FULL_CONTROL") {
      continue;  // the owner
    } else {
      ++others;
    }
  }
  if (others > 0) return "";
  if (all_users.empty() && log_delivery.empty()) return "private";
  if (log_delivery.empty() && all_users == std::set<std::string>{"READ"}) return "public-read";
  if (log_delivery.empty() && all_users == std::set<std::string>{"READ", "WRITE"}) return "public-read-write";
  if (all_users.empty() && log_delivery == std::set<std::string>{"WRITE", "READ_ACP"}) return "log-delivery-write";
  return "";
}

// ---- logging ----------------------------------------------------------------

std::string BuildLogging(const std::optional<Logging>& l) {
  XmlNode root = El("BucketLoggingStatus");
  if (l) {
    XmlNode& e = Add(root, "LoggingEnabled");
    Add(e, "TargetBucket", l->target_bucket);
    Add(e, "TargetPrefix", l->target_prefix);
  }
  return xml::WriteXml(root);
}

std::optional<Logging> ParseLogging(const XmlNode& n) {
  const XmlNode* e = n.Child("LoggingEnabled");
  if (e == nullptr) return std::nullopt;
  return Logging{e->ChildText("TargetBucket"), e->ChildText("TargetPrefix")};
}

// ---- lifecycle ----------------------------------------------------------------

std::string BuildLifecycle(const std::vector<LifecycleRule>& rules) {
  XmlNode root = El("LifecycleConfiguration");
  for (const auto& r : rules) {
    XmlNode& x = Add(root, "Rule");
    Add(x, "ID", r.name);
    Add(x, "Prefix", r.prefix);
    Add(x, "Status", r.enabled ? "Enabled" : "Disabled");
    for (const auto& t : r.transitions) {
      XmlNode& tx = Add(x, "Transition");
      Add(tx, "Days", std::to_string(t.days));
      Add(tx, "StorageClass", S3StorageClass(t.storage_class));
    }
    if (r.expiration_days) Add(Add(x, "Expiration"), "Days", std::to_string(*r.expiration_days));
    for (const auto& t : r.noncurrent_transitions) {
      XmlNode& tx = Add(x, "NoncurrentVersionTransition");
      Add(tx, "NoncurrentDays", std::to_string(t.days));
      Add(tx, "StorageClass", S3StorageClass(t.storage_class));
    }
    if (r.noncurrent_expiration_days) {
      Add(Add(x, "NoncurrentVersionExpiration"), "NoncurrentDays", std::to_string(*r.noncurrent_expiration_days));
    }
  }
  return xml::WriteXml(root);
}

std::vector<LifecycleRule> ParseLifecycle(const XmlNode& n) {
  std::vector<LifecycleRule> out;
  for (const XmlNode* x : n.All("Rule")) {
    LifecycleRule r;
    r.name = x->ChildText("ID");
    r.enabled = x->ChildText("Status") == "Enabled";
    r.prefix = x->ChildText("Prefix");
    if (r.prefix.empty()) {
      if (const XmlNode* f = x->Child("Filter")) r.prefix = f->ChildText("Prefix");
    }
    if (const XmlNode* e = x->Child("Expiration")) r.expiration_days = ParseDays(e->ChildText("Days"));
    for (const XmlNode* t : x->All("Transition")) {
      r.transitions.push_back(
          {ParseDays(t->ChildText("Days")).value_or(0), NormalizeStorageClass(t->ChildText("StorageClass"))});
    }
    if (const XmlNode* e = x->Child("NoncurrentVersionExpiration")) {
      r.noncurrent_expiration_days = ParseDays(e->ChildText("NoncurrentDays"));
    }
    for (const XmlNode* t : x->All("NoncurrentVersionTransition")) {
      r.noncurrent_transitions.push_back({ParseDays(t->ChildText("NoncurrentDays")).value_or(0),
                                          NormalizeStorageClass(t->ChildText("StorageClass"))});
    }
    out.push_back(std::move(r));
  }
  return out;
}

// ---- CORS ----------------------------------------------------------------------

std::string BuildCors(const std::vector<CorsRule>& rules) {
  XmlNode root = El("CORSConfiguration");
  for (const auto& r : rules) {
    XmlNode& x = Add(root, "CORSRule");
    for (const auto& m : r.allowed_methods) Add(x, "AllowedMethod", m);
    for (const auto& o : r.allowed_origins) Add(x, "AllowedOrigin", o);
    for (const auto& h : r.allowed_headers) Add(x, "AllowedHeader", h);
    Add(x, "MaxAgeSeconds", std::to_string(r.max_age_seconds));
    for (const auto& h : r.expose_headers) Add(x, "ExposeHeader", h);
  }
  return xml::WriteXml(root);
}

std::vector<CorsRule> ParseCors(const XmlNode& n) {
  std::vector<CorsRule> out;
  for (const XmlNode* x : n.All("CORSRule")) {
    CorsRule r;
    r.allowed_methods = Texts(*x, "AllowedMethod");
    r.allowed_origins = Texts(*x, "AllowedOrigin");
    r.allowed_headers = Texts(*x, "AllowedHeader");
    r.expose_headers = Texts(*x, "ExposeHeader");
    r.max_age_seconds = ParseDays(x->ChildText("MaxAgeSeconds")).value_or(0);
    out.push_back(std::move(r));
  }
  return out;
}

// ---- website ------------------------------------------------------------------

std::string CheckRoutingRules(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return "is not valid JSON";
  if (!j.is_array()) return "must be a JSON array of routing rules";
  for (size_t i = 0; i < j.size(); ++i) {
    const json& r = j[i];
    std::string at = "rule " + std::to_string(i) + ": ";
    if (!r.is_object()) return at + "must be an object with \"Condition\" and \"Redirect\"";
    if (!r.contains("Redirect")) return at + "needs a \"Redirect\" object";
    for (auto it = r.begin(); it != r.end(); ++it) {
      const std::set<std::string>* keys = it.key() == "Condition"  ? &ConditionKeys()
                                          : it.key() == "Redirect" ? &RedirectKeys()
                                                                   : nullptr;
      if (keys == nullptr) return at + "unknown key \"" + it.key() + "\" (use \"Condition\" and \"Redirect\")";
      if (!it.value().is_object()) return at + "\"" + it.key() + "\" must be an object";
      for (auto f = it.value().begin(); f != it.value().end(); ++f) {
        if (keys->count(f.key()) == 0) {
          std::string allowed;
          for (const auto& k : *keys) allowed += (allowed.empty() ? "" : ", ") + k;
          return at + "unknown " + it.key() + " field \"" + f.key() + "\" (allowed: " + allowed + ")";
        }
        if (!f.value().is_string() && !f.value().is_number_integer()) {
          return at + it.key() + "." + f.key() + " must be a string";
        }
      }
    }
  }
  return "";
}

bool RoutingRulesEquivalent(std::string_view a, std::string_view b) {
  json ja = json::parse(a, nullptr, false), jb = json::parse(b, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return a == b;
  return Stringified(ja) == Stringified(jb);
}

std::optional<std::string> BuildWebsite(const Website& w, std::string* err) {
  XmlNode root = El("WebsiteConfiguration");
  if (!w.redirect_all_requests_to.empty()) {
    XmlNode& r = Add(root, "RedirectAllRequestsTo");
    std::string target = w.redirect_all_requests_to;
    size_t sep = target.find("://");
    if (sep != std::string::npos) {
      Add(r, "HostName", target.substr(sep + 3));
      Add(r, "Protocol", target.substr(0, sep));
    } else {
      Add(r, "HostName", target);
    }
    return xml::WriteXml(root);
  }
  if (!w.index_document.empty()) Add(Add(root, "IndexDocument"), "Suffix", w.index_document);
  if (!w.error_document.empty()) Add(Add(root, "ErrorDocument"), "Key", w.error_document);
  if (!w.routing_rules.empty()) {
    std::string why = CheckRoutingRules(w.routing_rules);
    if (!why.empty()) {
      *err = "routing_rules " + why;
      return std::nullopt;
    }
    XmlNode& rules = Add(root, "RoutingRules");
    for (const json& r : json::parse(w.routing_rules)) {
      XmlNode& x = Add(rules, "RoutingRule");
      for (const char* part : {"Condition", "Redirect"}) {
        if (!r.contains(part)) continue;
        XmlNode& p = Add(x, part);
        for (auto f = r[part].begin(); f != r[part].end(); ++f) Add(p, f.key(), ScalarText(f.value()));
      }
    }
  }
  return xml::WriteXml(root);
}

Website ParseWebsite(const XmlNode& n) {
  Website w;
  if (const XmlNode* r = n.Child("RedirectAllRequestsTo")) {
    std::string proto = r->ChildText("Protocol"), host = r->ChildText("HostName");
    w.redirect_all_requests_to = proto.empty() ? host : proto + "://" + host;
  }
  if (const XmlNode* i = n.Child("IndexDocument")) w.index_document = i->ChildText("Suffix");
  if (const XmlNode* e = n.Child("ErrorDocument")) w.error_document = e->ChildText("Key");
  if (const XmlNode* rules = n.Child("RoutingRules")) {
    json arr = json::array();
    for (const XmlNode* x : rules->All("RoutingRule")) {
      json r = json::object();
      for (const char* part : {"Condition", "Redirect"}) {
        const XmlNode* p = x->Child(part);
        if (p == nullptr) continue;
        json o = json::object();
        for (const XmlNode& f : p->children) o[f.name] = Trimmed(f.text);
        r[part] = o;
      }
      arr.push_back(r);
    }
    if (!arr.empty()) w.routing_rules = arr.dump();
  }
  return w;
}

// ---- tags / encryption / WORM / domains ---------------------------------------

std::string BuildTagging(const std::map<std::string, std::string>& tags) {
  XmlNode root = El("Tagging");
  XmlNode& set = Add(root, "TagSet");
  for (const auto& [k, v] : tags) {
    XmlNode& t = Add(set, "Tag");
    Add(t, "Key", k);
    Add(t, "Value", v);
  }
  return xml::WriteXml(root);
}

std::map<std::string, std::string> ParseTagging(const XmlNode& n) {
  std::map<std::string, std::string> out;
  const XmlNode* set = n.Child("TagSet");
  if (set == nullptr) return out;
  for (const XmlNode* t : set->All("Tag")) out[t->ChildText("Key")] = t->ChildText("Value");
  return out;
}

std::string BuildEncryption(const Encryption& e) {
  XmlNode root = El("ServerSideEncryptionConfiguration");
  XmlNode& d = Add(Add(root, "Rule"), "ApplyServerSideEncryptionByDefault");
  Add(d, "SSEAlgorithm", e.algorithm);
  if (!e.kms_key_id.empty()) Add(d, "KMSMasterKeyID", e.kms_key_id);
  return xml::WriteXml(root);
}

std::optional<Encryption> ParseEncryption(const XmlNode& n) {
  const XmlNode* r = n.Child("Rule");
  const XmlNode* d = r == nullptr ? nullptr : r->Child("ApplyServerSideEncryptionByDefault");
  if (d == nullptr) return std::nullopt;
  std::string alg = d->ChildText("SSEAlgorithm");
  if (alg == "aws:kms") alg = "kms";
  return Encryption{alg, d->ChildText("KMSMasterKeyID")};
}

std::string BuildObjectLock(const Worm& w) {
  XmlNode root = El("ObjectLockConfiguration");
  Add(root, "ObjectLockEnabled", "Enabled");
  XmlNode& d = Add(Add(root, "Rule"), "DefaultRetention");
  Add(d, "Mode", "COMPLIANCE");
  if (w.days > 0) {
    Add(d, "Days", std::to_string(w.days));
  } else {
    Add(d, "Years", std::to_string(w.years));
  }
  return xml::WriteXml(root);
}

std::optional<Worm> ParseObjectLock(const XmlNode& n) {
  const XmlNode* r = n.Child("Rule");
  const XmlNode* d = r == nullptr ? nullptr : r->Child("DefaultRetention");
  if (d == nullptr) return std::nullopt;
  Worm w;
  w.days = ParseDays(d->ChildText("Days")).value_or(0);
  w.years = ParseDays(d->ChildText("Years")).value_or(0);
  if (w.days == 0 && w.years == 0) return std::nullopt;
  return w;
}

std::vector<std::string> ParseCustomDomains(const XmlNode& n) {
  std::vector<std::string> out;
  for (const XmlNode* d : n.All("Domains")) {
    std::string name = d->ChildText("DomainName");
    if (!name.empty()) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---- versions / multi-delete ---------------------------------------------------

VersionPage ParseVersions(const XmlNode& n) {
  VersionPage p;
  for (const XmlNode& c : n.children) {
    if (c.name != "Version" && c.name != "DeleteMarker") continue;
    p.versions.push_back({c.ChildText("Key"), c.ChildText("VersionId")});
  }
  p.truncated = n.ChildText("IsTruncated") == "true";
  p.next_key_marker = n.ChildText("NextKeyMarker");
  p.next_version_id_marker = n.ChildText("NextVersionIdMarker");
  return p;
}

std::string BuildDelete(const std::vector<ObjectVersion>& objects) {
  XmlNode root = El("Delete");
  Add(root, "Quiet", "true");
  for (const auto& o : objects) {
    XmlNode& x = Add(root, "Object");
    Add(x, "Key", o.key);
    if (!o.version_id.empty()) Add(x, "VersionId", o.version_id);
  }
  return xml::WriteXml(root);
}

std::vector<std::string> ParseDeleteErrors(const XmlNode& n) {
  std::vector<std::string> out;
  for (const XmlNode* e : n.All("Error")) {
    std::string s = e->ChildText("Key");
    std::string v = e->ChildText("VersionId");
    if (!v.empty()) s += " (version " + v + ")";
    out.push_back(s + ": " + e->ChildText("Code") + ": " + e->ChildText("Message"));
  }
  return out;
}

}  // namespace resources::obsxml
