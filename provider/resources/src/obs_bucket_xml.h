// The OBS bucket configuration documents of edp_obs_bucket (api.md 5.4) as
// plain structs, and their XML request bodies and response parsers, kept
// apart from the resource so they are unit-testable without an API.
//
// Build* functions return the request body (no XML declaration, no
// namespace); Parse* functions read a response element tree (xml::ParseXml,
// prefixes stripped) and never fail: missing elements become empty values.
// Storage classes are normalised to the OBS names (STANDARD_IA -> WARM,
// GLACIER -> COLD).
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_RESOURCES_OBS_BUCKET_XML_H_
#define EDP_PROVIDER_RESOURCES_OBS_BUCKET_XML_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/xml.h"

namespace resources::obsxml {

// "" when `name` is a valid OBS bucket name, else the rule it breaks, as a
// sentence fragment ("must be 3 to 63 characters long, got 2").
std::string CheckBucketName(std::string_view name);

// OBS storage class for an OBS or S3 name ("STANDARD_IA" -> "WARM",
// "GLACIER" -> "COLD"); other values are returned unchanged.
std::string NormalizeStorageClass(std::string_view s);
// The S3 name the AWS-signed API uses for an OBS class (inverse of the above).
std::string S3StorageClass(std::string_view obs_class);

// ---- versioning ------------------------------------------------------------
std::string BuildVersioning(bool enabled);
// "Enabled", "Suspended" or "" (never enabled).
std::string ParseVersioning(const xml::XmlNode& n);

// ---- storage class (S3 form: ?storagePolicy) --------------------------------
std::string BuildStoragePolicy(std::string_view obs_class);
// The class of <StoragePolicy><DefaultStorageClass> or <StorageClass>.
std::string ParseStorageClass(const xml::XmlNode& n);

// ---- ACL -------------------------------------------------------------------
// The canned ACL a grant list corresponds to ("private", "public-read",
// "public-read-write", "log-delivery-write"), or "" for a custom ACL.
std::string CannedAclFromPolicy(const xml::XmlNode& n);

// ---- logging ---------------------------------------------------------------
struct Logging {
  std::string target_bucket;
  std::string target_prefix;
  bool operator==(const Logging&) const = default;
};
// nullopt: logging off (an empty <BucketLoggingStatus/>).
std::string BuildLogging(const std::optional<Logging>& l);
std::optional<Logging> ParseLogging(const xml::XmlNode& n);

// ---- lifecycle -------------------------------------------------------------
struct Transition {
  int64_t days = 0;
  std::string storage_class;  // WARM or COLD
  bool operator==(const Transition&) const = default;
};
struct LifecycleRule {
  std::string name;  // <ID>
  bool enabled = true;
  std::string prefix;
  std::optional<int64_t> expiration_days;
  std::vector<Transition> transitions;
  std::optional<int64_t> noncurrent_expiration_days;
  std::vector<Transition> noncurrent_transitions;
  bool operator==(const LifecycleRule&) const = default;
};
// REQUIRES: !rules.empty() (no rules: DELETE ?lifecycle instead).
std::string BuildLifecycle(const std::vector<LifecycleRule>& rules);
std::vector<LifecycleRule> ParseLifecycle(const xml::XmlNode& n);

// ---- CORS ------------------------------------------------------------------
struct CorsRule {
  std::vector<std::string> allowed_origins, allowed_methods, allowed_headers, expose_headers;
  int64_t max_age_seconds = 100;
  bool operator==(const CorsRule&) const = default;
};
std::string BuildCors(const std::vector<CorsRule>& rules);
std::vector<CorsRule> ParseCors(const xml::XmlNode& n);

// ---- website ---------------------------------------------------------------
struct Website {
  std::string index_document, error_document;
  std::string redirect_all_requests_to;  // "host" or "https://host"
  std::string routing_rules;             // JSON array (as the official provider), "" when none
  bool operator==(const Website&) const = default;
};
// Builds <WebsiteConfiguration>; nullopt and *err when routing_rules is not
// the expected JSON (see CheckRoutingRules).
std::optional<std::string> BuildWebsite(const Website& w, std::string* err);
// routing_rules comes back as compact JSON with every value a string.
Website ParseWebsite(const xml::XmlNode& n);
// "" when `json` is a JSON array of routing rules ({"Condition": {...},
// "Redirect": {...}} with OBS's element names), else what is wrong.
std::string CheckRoutingRules(std::string_view json);
// True when both are JSON and equal once every scalar is compared as text
// (404 == "404") and whitespace/key order are ignored.
bool RoutingRulesEquivalent(std::string_view a, std::string_view b);

// ---- tags ------------------------------------------------------------------
std::string BuildTagging(const std::map<std::string, std::string>& tags);
std::map<std::string, std::string> ParseTagging(const xml::XmlNode& n);

// ---- server-side encryption -------------------------------------------------
struct Encryption {
  std::string algorithm;  // "kms"
  std::string kms_key_id;
  bool operator==(const Encryption&) const = default;
};
std::string BuildEncryption(const Encryption& e);
std::optional<Encryption> ParseEncryption(const xml::XmlNode& n);

// ---- WORM (object lock) -----------------------------------------------------
struct Worm {
  int64_t days = 0;   // exactly one of days/years is > 0
  int64_t years = 0;
  bool operator==(const Worm&) const = default;
};
std::string BuildObjectLock(const Worm& w);
// nullopt when no default retention rule is configured.
std::optional<Worm> ParseObjectLock(const xml::XmlNode& n);

// ---- custom domains ----------------------------------------------------------
std::vector<std::string> ParseCustomDomains(const xml::XmlNode& n);

// ---- force_destroy: ListVersions + multi-object delete ------------------------
struct ObjectVersion {
  std::string key, version_id;
  bool operator==(const ObjectVersion&) const = default;
};
struct VersionPage {
  std::vector<ObjectVersion> versions;  // versions and delete markers
  bool truncated = false;
  std::string next_key_marker, next_version_id_marker;
};
VersionPage ParseVersions(const xml::XmlNode& n);
// REQUIRES: 1..1000 objects.
std::string BuildDelete(const std::vector<ObjectVersion>& objects);
// "key (version v): Code: Message" for every <Error> of a <DeleteResult>.
std::vector<std::string> ParseDeleteErrors(const xml::XmlNode& n);

}  // namespace resources::obsxml

#endif  // EDP_PROVIDER_RESOURCES_OBS_BUCKET_XML_H_
