// Typed RDS v3 calls (api.md 4): DB instances (create, list/get by id,
// delete), jobs, the modifications of 4.5 (resize flavor, enlarge volume,
// restart, backup policy, security group, port, SSL, password, parameters,
// tags) and the lookups of 4.6 (flavors, datastore versions). Every call
// goes through Client::Do (auth, retries) on the catalog type "rdsv3".
//
// There is no GET /instances/{id}: GetInstance lists with ?id= and answers
// a 404 Error (IsNotFound) when the list is empty. CreateInstance passes a
// find-by-name callback (names are unique per project, DBS.200022), so an
// ambiguous failure is never turned into a second instance; an instance
// found that way comes back without a job id.
//
// Passwords are sent in request bodies only; they never appear in an
// Error's text (errors carry the method, path and the service's message).
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_RDS_H_
#define EDP_PROVIDER_OTC_RDS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::rds {

struct Node {
  std::string id, name, role, status, availability_zone;
};

struct Instance {
  std::string id, name, status, type;  // type: Single | Ha | Replica
  std::string datastore_type, datastore_version, complete_version;
  std::string flavor_ref, volume_type, disk_encryption_id;
  int volume_size = 0;
  int port = 0;
  std::string vpc_id, subnet_id, security_group_id;
  std::string db_user_name, created, region;
  std::string replication_mode;  // ha.replication_mode ("" for Single)
  std::string backup_start_time;
  int backup_keep_days = 0;
  bool enable_ssl = false;
  std::vector<std::string> private_ips, public_ips;
  std::vector<Node> nodes;
  std::map<std::string, std::string> tags;
};

struct InstanceCreate {
  std::string name, datastore_type, datastore_version, flavor_ref, volume_type, disk_encryption_id;
  int volume_size = 0;
  std::string region;
  std::vector<std::string> availability_zones;  // joined with ',' (HA: primary,standby)
  std::string replication_mode;                 // "" = Single; otherwise ha.mode = Ha
  std::string vpc_id, subnet_id, security_group_id;
  std::string password;  // secret
  std::optional<int> port;  // sent as a string, as the API wants
  std::string configuration_id;
  std::optional<std::string> backup_start_time;
  std::optional<int> backup_keep_days;
};

struct Created {
  Instance instance;   // as the create (or the adopted list entry) answered
  std::string job_id;  // "" when an existing instance was adopted
};

Result<Created> CreateInstance(const framework::Context& ctx, Client& c, const InstanceCreate& in);
// The instance with `id`; a 404 Error when there is none.
Result<Instance> GetInstance(const framework::Context& ctx, Client& c, const std::string& id);
// All instances (offset/limit pages), or those named `name`.
Result<std::vector<Instance>> ListInstances(const framework::Context& ctx, Client& c, const std::string& name);
// DELETE; the job id of the deletion.
Result<std::string> DeleteInstance(const framework::Context& ctx, Client& c, const std::string& id);

struct Job {
  std::string id, name, status;  // Running | Completed | Failed
  std::string process, fail_reason;
};
Result<Job> GetJob(const framework::Context& ctx, Client& c, const std::string& job_id);

// The modifications. Each answers the job id of the asynchronous change
// ("" when the API did not start one).
Result<std::string> ResizeFlavor(const framework::Context& ctx, Client& c, const std::string& id,
                                 const std::string& spec_code);
Result<std::string> EnlargeVolume(const framework::Context& ctx, Client& c, const std::string& id, int size);
Result<std::string> Restart(const framework::Context& ctx, Client& c, const std::string& id);
Result<std::string> SetSecurityGroup(const framework::Context& ctx, Client& c, const std::string& id,
                                     const std::string& security_group_id);
Result<std::string> SetPort(const framework::Context& ctx, Client& c, const std::string& id, int port);
Status SetSsl(const framework::Context& ctx, Client& c, const std::string& id, bool enable);
// POST .../password {"db_user_pwd"}: resets the root password.
Status ResetPassword(const framework::Context& ctx, Client& c, const std::string& id, const std::string& password);
// PUT .../backups/policy. The period is sent only when given.
Status SetBackupPolicy(const framework::Context& ctx, Client& c, const std::string& id, const std::string& start_time,
                       int keep_days, const std::string& period = "");

struct ParamsApplied {
  std::string job_id;
  bool restart_required = false;
};
// PUT .../configurations {"values":{...}}.
Result<ParamsApplied> SetParameters(const framework::Context& ctx, Client& c, const std::string& id,
                                    const std::map<std::string, std::string>& values);
// GET .../configurations: every parameter's current value.
Result<std::map<std::string, std::string>> GetParameters(const framework::Context& ctx, Client& c,
                                                         const std::string& id);
// POST .../tags/action: "create" (upsert) or "delete" of `tags`; no request
// when `tags` is empty.
Status TagAction(const framework::Context& ctx, Client& c, const std::string& id, const std::string& action,
                 const std::map<std::string, std::string>& tags);

struct Flavor {
  std::string spec_code, vcpus, instance_mode;
  int ram = 0;
  std::vector<std::string> versions;
  std::map<std::string, std::string> az_status;
};
// GET /flavors/{database_name}?version_name=.
Result<std::vector<Flavor>> ListFlavors(const framework::Context& ctx, Client& c, const std::string& database,
                                        const std::string& version);
// GET /datastores/{database_name}: the version names.
Result<std::vector<std::string>> ListVersions(const framework::Context& ctx, Client& c, const std::string& database);

// The id of the Neutron port holding private address `ip` (GET
// /v2.0/ports?fixed_ips=ip_address=IP), where an EIP binds to give the
// instance a public address; a 404 Error when there is none.
Result<std::string> FindPortByIp(const framework::Context& ctx, Client& c, const std::string& ip);

// True for the 409/403 codes RDS answers while another operation runs on
// the instance (api.md 4.5): try again later.
bool IsBusy(const Error& e);

}  // namespace otc::rds

#endif  // EDP_PROVIDER_OTC_RDS_H_
