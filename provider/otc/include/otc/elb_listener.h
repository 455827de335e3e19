// ELB v3 calls for the layer-4/7 objects of a dedicated load balancer
// (api.md 6.2-6.5): listeners, backend pools, pool members and health
// monitors, under the "elbv3" catalog endpoint (which already ends in
// /v3/{project_id}).
//
// Objects are handed over as the API's JSON object (the value of the
// "listener" / "pool" / "member" / "healthmonitor" envelope), because the
// resources map most fields 1:1; bodies are built by the caller with the
// API's field names.
//
// Dedicated ELB operations are synchronous (api.md 6): a 2xx answer carries
// the finished object, so nothing is polled after a successful write. While
// the load balancer is busy with another change OTC answers 409 with a
// PENDING_UPDATE / "immutable" message; every write here replays those
// (backoff 1 s doubling to 5 s) until the Context deadline. DELETEs also
// replay any 409 ("pool still has members", "listener still has a default
// pool") for at most kDeleteConflictBudget, because the objects blocking
// them are often being deleted at the same moment by a parallel apply.
//
// Creates pass a find-existing lookup so an ambiguous failure is never
// turned into a duplicate: listener = same load balancer + port + protocol
// (unique per LB); pool = same load balancer, listener, protocol and name;
// member = same address + port in the pool (unique); monitor = the pool's
// monitor (one per pool). 404 shows as Error::IsNotFound().
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_ELB_LISTENER_H_
#define EDP_PROVIDER_OTC_ELB_LISTENER_H_

#include <chrono>
#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::elb {

// How long a DELETE answered with 409 is replayed before the conflict is
// reported.
inline constexpr std::chrono::seconds kDeleteConflictBudget{30};

// True for a 409 saying the load balancer is busy with another change
// (PENDING_CREATE/UPDATE/DELETE, "immutable", "being ...").
bool IsBusyConflict(const Error& e);

// ---- Listeners (6.2) --------------------------------------------------------

// `listener` is the body inside {"listener": ...}; it must hold
// loadbalancer_id, protocol and protocol_port.
Result<json> CreateListener(const framework::Context& ctx, Client& c, const json& listener);
Result<json> GetListener(const framework::Context& ctx, Client& c, const std::string& id);
Result<json> UpdateListener(const framework::Context& ctx, Client& c, const std::string& id, const json& listener);
Status DeleteListener(const framework::Context& ctx, Client& c, const std::string& id);
// All listeners of a load balancer (page_info pagination).
Result<std::vector<json>> ListListeners(const framework::Context& ctx, Client& c, const std::string& lb_id);

// ---- Pools (6.3) -------------------------------------------------------------

// `pool` must hold protocol, lb_algorithm and loadbalancer_id or listener_id.
Result<json> CreatePool(const framework::Context& ctx, Client& c, const json& pool);
Result<json> GetPool(const framework::Context& ctx, Client& c, const std::string& id);
Result<json> UpdatePool(const framework::Context& ctx, Client& c, const std::string& id, const json& pool);
Status DeletePool(const framework::Context& ctx, Client& c, const std::string& id);
// Pools filtered as the API allows (loadbalancer_id, name, protocol...).
Result<std::vector<json>> ListPools(const framework::Context& ctx, Client& c,
                                    const std::vector<std::pair<std::string, std::string>>& filters);

// ---- Members (6.4) -----------------------------------------------------------

// `member` must hold address and protocol_port.
Result<json> CreateMember(const framework::Context& ctx, Client& c, const std::string& pool_id, const json& member);
Result<json> GetMember(const framework::Context& ctx, Client& c, const std::string& pool_id, const std::string& id);
Result<json> UpdateMember(const framework::Context& ctx, Client& c, const std::string& pool_id,
                          const std::string& id, const json& member);
Status DeleteMember(const framework::Context& ctx, Client& c, const std::string& pool_id, const std::string& id);
Result<std::vector<json>> ListMembers(const framework::Context& ctx, Client& c, const std::string& pool_id);

// ---- Health monitors (6.5) ---------------------------------------------------

// `monitor` must hold pool_id, type, delay, timeout and max_retries.
Result<json> CreateMonitor(const framework::Context& ctx, Client& c, const json& monitor);
Result<json> GetMonitor(const framework::Context& ctx, Client& c, const std::string& id);
Result<json> UpdateMonitor(const framework::Context& ctx, Client& c, const std::string& id, const json& monitor);
Status DeleteMonitor(const framework::Context& ctx, Client& c, const std::string& id);

// ---- Reading back --------------------------------------------------------------

// Polls `get` until it stops answering 404 (a new object on an eventually
// consistent API), at most until the Context deadline: 200 ms growing to
// 2 s. Other errors are returned at once. `what` names the object.
Result<json> GetAfterWrite(const framework::Context& ctx, const std::string& what,
                           const std::function<Result<json>(const framework::Context&)>& get);

// Polls `get` until it answers 404 (done) after a DELETE: 200 ms growing to
// 2 s, until the Context deadline.
Status WaitGone(const framework::Context& ctx, const std::string& what,
                const std::function<Result<json>(const framework::Context&)>& get);

}  // namespace otc::elb

#endif  // EDP_PROVIDER_OTC_ELB_LISTENER_H_
