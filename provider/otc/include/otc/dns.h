// Typed DNS v2 calls (api.md 7): public and private zones (private ones
// associated with VPCs, "routers"), record sets, and the DNS resource-tag
// API. Paths carry no project id (the token's project owns the objects);
// lists follow links.next (PageStyle::kLinksNext). Creates pass a
// find-existing lookup (zone: exact name + type (+ the VPC for private
// zones); record set: exact name + type in the zone) so an ambiguous failure
// is never turned into a duplicate. Zones and record sets go through
// PENDING_CREATE / PENDING_UPDATE / PENDING_DELETE; StatusWord() gives the
// part a waiter looks at. 404 shows as Error::IsNotFound().
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_DNS_H_
#define EDP_PROVIDER_OTC_DNS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "otc/client.h"

namespace otc::dns {

struct Router {
  std::string router_id, router_region, status;
};

struct Zone {
  std::string id, name, email, description, zone_type, status, pool_id, project_id, created_at, updated_at;
  int64_t ttl = 0;
  int64_t serial = 0;
  std::vector<std::string> masters;
  std::vector<Router> routers;  // private zones
  std::string self_link;
};

struct ZoneCreate {
  std::string name, email, description;
  std::string zone_type = "public";
  std::optional<int64_t> ttl;
  std::optional<Router> router;  // required for private zones
  // Extra top-level body fields (value_specs).
  std::map<std::string, std::string> extra;
};

struct ZoneUpdate {
  std::optional<std::string> email, description;
  std::optional<int64_t> ttl;
};

struct ZoneFilter {
  std::string zone_type = "public";  // the API lists one type at a time
  std::string name;                  // server-side substring match
  std::string status;
};

Result<Zone> CreateZone(const framework::Context& ctx, Client& c, const ZoneCreate& in);
Result<Zone> GetZone(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::vector<Zone>> ListZones(const framework::Context& ctx, Client& c, const ZoneFilter& f);
Result<Zone> UpdateZone(const framework::Context& ctx, Client& c, const std::string& id, const ZoneUpdate& in);
// 202 with the zone in PENDING_DELETE; 404 afterwards.
Status DeleteZone(const framework::Context& ctx, Client& c, const std::string& id);
// associate == false disassociates. The zone's routers[] shows progress.
Status AssociateRouter(const framework::Context& ctx, Client& c, const std::string& zone_id, const Router& r,
                       bool associate);

struct RecordSet {
  std::string id, zone_id, zone_name, name, type, description, status, created_at, updated_at;
  std::vector<std::string> records;
  int64_t ttl = 0;
  bool is_default = false;  // the zone's own SOA/NS record sets
};

struct RecordSetCreate {
  std::string name, type, description;
  std::vector<std::string> records;  // as the API wants them (TXT quoted)
  std::optional<int64_t> ttl;
  std::map<std::string, std::string> extra;  // value_specs
};

struct RecordSetUpdate {
  std::vector<std::string> records;  // always sent
  std::optional<int64_t> ttl;
  std::optional<std::string> description;
};

Result<RecordSet> CreateRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id,
                                  const RecordSetCreate& in);
Result<RecordSet> GetRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id,
                               const std::string& id);
// name/type filters are sent to the API (name is a substring match there).
Result<std::vector<RecordSet>> ListRecordSets(const framework::Context& ctx, Client& c, const std::string& zone_id,
                                              const std::string& name, const std::string& type);
Result<RecordSet> UpdateRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id,
                                  const std::string& id, const RecordSetUpdate& in);
Status DeleteRecordSet(const framework::Context& ctx, Client& c, const std::string& zone_id, const std::string& id);

// Tag resource types: "DNS-public_zone", "DNS-private_zone",
// "DNS-public_recordset", "DNS-private_recordset".
std::string TagResourceType(std::string_view zone_type, bool recordset);
Result<std::map<std::string, std::string>> GetTags(const framework::Context& ctx, Client& c,
                                                   const std::string& resource_type, const std::string& id);
// Makes the tags exactly `want`; no request when `have` already equals it.
Status SetTags(const framework::Context& ctx, Client& c, const std::string& resource_type, const std::string& id,
               const std::map<std::string, std::string>& have, const std::map<std::string, std::string>& want);

// "PENDING_CREATE" -> "PENDING", "ACTIVE" -> "ACTIVE".
std::string StatusWord(std::string_view status);

// ---- Names and records (pure) ----------------------------------------------

// Lower-cased, with exactly one trailing dot ("Www.Example.com" ->
// "www.example.com."); "" stays "".
std::string NormalizeName(std::string_view name);
// True if `name` equals `zone` or lies below it (dot- and case-insensitive).
bool NameInZone(std::string_view name, std::string_view zone);
// The form the API wants for a TXT record: as written when it already is a
// sequence of quoted strings, else one quoted string per 255 bytes with '"'
// and '\' escaped.
std::string QuoteTxt(std::string_view value);
// The text of a quoted TXT record (strings concatenated, escapes undone);
// a value that is not quoted comes back unchanged.
std::string UnquoteTxt(std::string_view value);
// Empty when `value` is a valid record of `type` (A, AAAA, CNAME, MX, TXT,
// NS, SRV, CAA, PTR), else the problem and the expected form.
std::string RecordProblem(std::string_view type, std::string_view value);
// A domain name of labels of 1-63 letters, digits and '-' (not first or
// last), with or without the trailing dot; `record` also allows '_' and a
// leading "*" label (record set names such as _sip._tcp or *.example.com).
bool ValidDomainName(std::string_view name, bool record);
// The record types the API accepts.
const std::vector<std::string>& RecordTypes();

}  // namespace otc::dns

#endif  // EDP_PROVIDER_OTC_DNS_H_
