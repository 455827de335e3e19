#include "otc/elb_listener.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "otc/paginate.h"
#include "otc/signer.h"
#include "otc/waiter.h"

namespace otc::elb {
namespace {

std::string Seg(const std::string& id) { return UriEncode(id, false); }
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

Request Elb(std::string method, std::string path, std::string what) {
  Request req;
  req.method = std::move(method);
  req.service = "elbv3";
  req.path = std::move(path);
  req.what = std::move(what);
  return req;
}

Error EmptyId(const char* noun, const std::string& what) {
  return Error(ErrorKind::kConfig, std::string("empty ") + noun + " id").set_what(what);
}

// Sends `req`, replaying 409s that say the load balancer is busy (all 409s
// for a DELETE, for at most kDeleteConflictBudget) with backoff 1 s
// doubling to 5 s, inside the Context deadline.
Result<Response> DoReplayingConflicts(const framework::Context& ctx, Client& c, const Request& req) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::chrono::milliseconds delay(1000);
  for (;;) {
    auto r = c.Do(ctx, req);
    if (r.ok() || !r.error().IsConflict()) return r;
    bool busy = IsBusyConflict(r.error());
    bool deleting = req.method == "DELETE" && Clock::now() - start < kDeleteConflictBudget;
    if (!busy && !deleting) return r;
    if (!ctx.SleepFor(delay)) {
      Error e = r.error();
      e.set_hint(ctx.Cancelled() ? "Stopped (StopProvider) while the load balancer was busy."
                                 : "The load balancer stayed busy until the operation's timeout; apply again "
                                   "later or raise the resource's timeouts.");
      return e;
    }
    delay = std::min<std::chrono::milliseconds>(delay * 2, std::chrono::seconds(5));
  }
}

// The object inside `key` of a 2xx answer.
Result<json> Unwrap(const Result<Response>& r, const char* key, const std::string& what) {
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object() || !body.contains(key) || !(*body.find(key)).is_object() ||
      Str(body[key], "id").empty()) {
    return Error(ErrorKind::kDecode, std::string("the response has no \"") + key + "\" object with an \"id\"")
        .set_what(what);
  }
  return body[key];
}

Status NoBody(const Result<Response>& r) {
  if (!r.ok()) return r.error();
  return Status();
}

// Answers as if the create had returned `hit` (wrapped in `key`), after an
// ambiguous failure; more than one candidate is an error.
Result<std::optional<Response>> Adopt(const std::vector<json>& hits, const char* key, const std::string& noun,
                                      const std::string& describe, const std::string& what) {
  if (hits.empty()) return std::optional<Response>();
  if (hits.size() > 1) {
    return Error(ErrorKind::kFailed, "after an interrupted create, " + std::to_string(hits.size()) + " " + noun +
                                         "s matching " + describe + " exist; not guessing which one is ours")
        .set_what(what)
        .set_hint("Delete the extra ones or import the right one.");
  }
  Response r;
  r.status = 201;
  r.body = json{{key, hits.front()}}.dump();
  return std::optional<Response>(std::move(r));
}

Result<std::vector<json>> List(const framework::Context& ctx, Client& c, const std::string& path,
                               std::vector<std::pair<std::string, std::string>> query, const char* key,
                               const std::string& what) {
  Request req = Elb("GET", path, what);
  req.query = std::move(query);
  return ListAll(ctx, c, req, {PageStyle::kPageInfo, key, 500});
}

Result<json> Create(const framework::Context& ctx, Client& c, Request req, const char* key, const json& obj) {
  req.body = json{{key, obj}};
  req.ok_codes = {200, 201, 202};
  auto r = DoReplayingConflicts(ctx, c, req);
  return Unwrap(r, key, req.what);
}

Result<json> Get(const framework::Context& ctx, Client& c, const std::string& path, const char* key,
                 const std::string& what) {
  return Unwrap(c.Do(ctx, Elb("GET", path, what)), key, what);
}

Result<json> Put(const framework::Context& ctx, Client& c, const std::string& path, const char* key, const json& obj,
                 const std::string& what) {
  Request req = Elb("PUT", path, what);
  req.body = json{{key, obj}};
  req.ok_codes = {200, 201, 202};
  return Unwrap(DoReplayingConflicts(ctx, c, req), key, what);
}

Status Delete(const framework::Context& ctx, Client& c, const std::string& path, const std::string& what) {
  Request req = Elb("DELETE", path, what);
  req.ok_codes = {200, 202, 204};
  return NoBody(DoReplayingConflicts(ctx, c, req));
}

Result<json> PollFor(const framework::Context& ctx, const std::string& what, bool want_gone,
                     const std::function<Result<json>(const framework::Context&)>& get) {
  json found;
  WaitOptions opts;
  opts.what = what;
  opts.initial = std::chrono::milliseconds(200);
  opts.max_interval = std::chrono::seconds(2);
  Status s = WaitUntil(ctx, opts, [&](const framework::Context& x) -> Result<PollResult> {
    auto r = get(x);
    if (!r.ok() && r.error().IsNotFound()) {
      return PollResult{want_gone ? PollResult::kDone : PollResult::kPending, "not found", ""};
    }
    if (!r.ok()) return r.error();
    if (!want_gone) {
      std::string ps = Str(r.value(), "provisioning_status");
      if (ps == "ERROR") {
        return PollResult{PollResult::kFailed, ps,
                          "the ELB service reported provisioning_status ERROR; delete (taint) the object and apply "
                          "again"};
      }
      found = r.value();
      return PollResult{PollResult::kDone, ps.empty() ? "found" : ps, ""};
    }
    return PollResult{PollResult::kPending, "still present", ""};
  });
  if (!s.ok()) return s;
  return found;
}

}  // namespace

bool IsBusyConflict(const Error& e) {
  if (!e.IsConflict()) return false;
  const std::string& m = e.message();
  for (const char* marker : {"PENDING_", "immutable", "Immutable", "is being", "busy"}) {
    if (m.find(marker) != std::string::npos) return true;
  }
  return false;
}

// ---- Listeners --------------------------------------------------------------

Result<json> CreateListener(const framework::Context& ctx, Client& c, const json& listener) {
  const std::string lb = Str(listener, "loadbalancer_id");
  const std::string proto = Str(listener, "protocol");
  const int64_t port = listener.value("protocol_port", int64_t{0});
  const std::string name = Str(listener, "name");
  std::string what = "creating " + proto + " listener " + (name.empty() ? "" : Quoted(name) + " ") + "on port " +
                     std::to_string(port) + " of load balancer " + lb;
  Request req = Elb("POST", "/elb/listeners", what);
  req.find_existing = [&c, lb, proto, port, what](const framework::Context& x) -> Result<std::optional<Response>> {
    auto items = ListListeners(x, c, lb);
    if (!items.ok()) return items.error();
    std::vector<json> hits;
    for (const auto& l : items.value()) {
      if (Str(l, "protocol") == proto && l.value("protocol_port", int64_t{-1}) == port) hits.push_back(l);
    }
    return Adopt(hits, "listener", "listener", proto + " port " + std::to_string(port), what);
  };
  return Create(ctx, c, std::move(req), "listener", listener);
}

Result<json> GetListener(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading ELB listener " + id;
  if (id.empty()) return EmptyId("listener", what);
  return Get(ctx, c, "/elb/listeners/" + Seg(id), "listener", what);
}

Result<json> UpdateListener(const framework::Context& ctx, Client& c, const std::string& id, const json& listener) {
  std::string what = "updating ELB listener " + id;
  if (id.empty()) return EmptyId("listener", what);
  return Put(ctx, c, "/elb/listeners/" + Seg(id), "listener", listener, what);
}

Status DeleteListener(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting ELB listener " + id;
  if (id.empty()) return EmptyId("listener", what);
  return Delete(ctx, c, "/elb/listeners/" + Seg(id), what);
}

Result<std::vector<json>> ListListeners(const framework::Context& ctx, Client& c, const std::string& lb_id) {
  return List(ctx, c, "/elb/listeners", {{"loadbalancer_id", lb_id}}, "listeners",
              "listing the listeners of load balancer " + lb_id);
}

// ---- Pools --------------------------------------------------------------------

Result<json> CreatePool(const framework::Context& ctx, Client& c, const json& pool) {
  const std::string lb = Str(pool, "loadbalancer_id");
  const std::string listener = Str(pool, "listener_id");
  const std::string proto = Str(pool, "protocol");
  const std::string name = Str(pool, "name");
  std::string what = "creating " + proto + " pool " + (name.empty() ? "" : Quoted(name) + " ") + "of " +
                     (listener.empty() ? "load balancer " + lb : "listener " + listener);
  Request req = Elb("POST", "/elb/pools", what);
  req.find_existing = [&c, lb, listener, proto, name, what](const framework::Context& x)
      -> Result<std::optional<Response>> {
    std::vector<std::pair<std::string, std::string>> q = {{"protocol", proto}};
    if (!lb.empty()) q.emplace_back("loadbalancer_id", lb);
    auto items = ListPools(x, c, q);
    if (!items.ok()) return items.error();
    std::vector<json> hits;
    for (const auto& p : items.value()) {
      if (Str(p, "protocol") != proto || Str(p, "name") != name) continue;
      if (!lb.empty()) {
        bool on_lb = false;
        for (const auto& l : p.value("loadbalancers", json::array())) on_lb = on_lb || Str(l, "id") == lb;
        if (!on_lb) continue;
      }
      if (!listener.empty()) {
        bool on_listener = false;
        for (const auto& l : p.value("listeners", json::array())) on_listener = on_listener || Str(l, "id") == listener;
        if (!on_listener) continue;
      }
      hits.push_back(p);
    }
    return Adopt(hits, "pool", "pool", proto + " named " + Quoted(name), what);
  };
  return Create(ctx, c, std::move(req), "pool", pool);
}

Result<json> GetPool(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading ELB pool " + id;
  if (id.empty()) return EmptyId("pool", what);
  return Get(ctx, c, "/elb/pools/" + Seg(id), "pool", what);
}

Result<json> UpdatePool(const framework::Context& ctx, Client& c, const std::string& id, const json& pool) {
  std::string what = "updating ELB pool " + id;
  if (id.empty()) return EmptyId("pool", what);
  return Put(ctx, c, "/elb/pools/" + Seg(id), "pool", pool, what);
}

Status DeletePool(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting ELB pool " + id;
  if (id.empty()) return EmptyId("pool", what);
  return Delete(ctx, c, "/elb/pools/" + Seg(id), what);
}

Result<std::vector<json>> ListPools(const framework::Context& ctx, Client& c,
                                    const std::vector<std::pair<std::string, std::string>>& filters) {
  return List(ctx, c, "/elb/pools", filters, "pools", "listing ELB pools");
}

// ---- Members --------------------------------------------------------------------

Result<json> CreateMember(const framework::Context& ctx, Client& c, const std::string& pool_id, const json& member) {
  const std::string addr = Str(member, "address");
  const int64_t port = member.value("protocol_port", int64_t{0});
  std::string what = "creating member " + addr + ":" + std::to_string(port) + " of ELB pool " + pool_id;
  if (pool_id.empty()) return EmptyId("pool", what);
  Request req = Elb("POST", "/elb/pools/" + Seg(pool_id) + "/members", what);
  req.find_existing = [&c, pool_id, addr, port, what](const framework::Context& x)
      -> Result<std::optional<Response>> {
    auto items = ListMembers(x, c, pool_id);
    if (!items.ok()) return items.error();
    std::vector<json> hits;
    for (const auto& m : items.value()) {
      if (Str(m, "address") == addr && m.value("protocol_port", int64_t{-1}) == port) hits.push_back(m);
    }
    return Adopt(hits, "member", "member", addr + ":" + std::to_string(port), what);
  };
  return Create(ctx, c, std::move(req), "member", member);
}

Result<json> GetMember(const framework::Context& ctx, Client& c, const std::string& pool_id, const std::string& id) {
  std::string what = "reading member " + id + " of ELB pool " + pool_id;
  if (pool_id.empty()) return EmptyId("pool", what);
  if (id.empty()) return EmptyId("member", what);
  return Get(ctx, c, "/elb/pools/" + Seg(pool_id) + "/members/" + Seg(id), "member", what);
}

Result<json> UpdateMember(const framework::Context& ctx, Client& c, const std::string& pool_id,
                          const std::string& id, const json& member) {
  std::string what = "updating member " + id + " of ELB pool " + pool_id;
  if (pool_id.empty()) return EmptyId("pool", what);
  if (id.empty()) return EmptyId("member", what);
  return Put(ctx, c, "/elb/pools/" + Seg(pool_id) + "/members/" + Seg(id), "member", member, what);
}

Status DeleteMember(const framework::Context& ctx, Client& c, const std::string& pool_id, const std::string& id) {
  std::string what = "deleting member " + id + " of ELB pool " + pool_id;
  if (pool_id.empty()) return EmptyId("pool", what);
  if (id.empty()) return EmptyId("member", what);
  return Delete(ctx, c, "/elb/pools/" + Seg(pool_id) + "/members/" + Seg(id), what);
}

Result<std::vector<json>> ListMembers(const framework::Context& ctx, Client& c, const std::string& pool_id) {
  return List(ctx, c, "/elb/pools/" + Seg(pool_id) + "/members", {}, "members",
              "listing the members of ELB pool " + pool_id);
}

// ---- Health monitors ----------------------------------------------------------

Result<json> CreateMonitor(const framework::Context& ctx, Client& c, const json& monitor) {
  const std::string pool_id = Str(monitor, "pool_id");
  std::string what = "creating the " + Str(monitor, "type") + " health monitor of ELB pool " + pool_id;
  Request req = Elb("POST", "/elb/healthmonitors", what);
  req.find_existing = [&c, pool_id, what](const framework::Context& x) -> Result<std::optional<Response>> {
    auto pool = GetPool(x, c, pool_id);
    if (!pool.ok()) return pool.error();
    std::string hm = Str(pool.value(), "healthmonitor_id");
    if (hm.empty()) return std::optional<Response>();
    auto m = GetMonitor(x, c, hm);
    if (!m.ok()) return m.error();
    return Adopt({m.value()}, "healthmonitor", "health monitor", "pool " + pool_id, what);
  };
  return Create(ctx, c, std::move(req), "healthmonitor", monitor);
}

Result<json> GetMonitor(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading ELB health monitor " + id;
  if (id.empty()) return EmptyId("health monitor", what);
  return Get(ctx, c, "/elb/healthmonitors/" + Seg(id), "healthmonitor", what);
}

Result<json> UpdateMonitor(const framework::Context& ctx, Client& c, const std::string& id, const json& monitor) {
  std::string what = "updating ELB health monitor " + id;
  if (id.empty()) return EmptyId("health monitor", what);
  return Put(ctx, c, "/elb/healthmonitors/" + Seg(id), "healthmonitor", monitor, what);
}

Status DeleteMonitor(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "deleting ELB health monitor " + id;
  if (id.empty()) return EmptyId("health monitor", what);
  return Delete(ctx, c, "/elb/healthmonitors/" + Seg(id), what);
}

// ---- Reading back --------------------------------------------------------------

Result<json> GetAfterWrite(const framework::Context& ctx, const std::string& what,
                           const std::function<Result<json>(const framework::Context&)>& get) {
  auto first = get(ctx);  // the common case: there at once, one request
  if (first.ok() || !first.error().IsNotFound()) return first;
  return PollFor(ctx, what + " to become readable", false, get);
}

Status WaitGone(const framework::Context& ctx, const std::string& what,
                const std::function<Result<json>(const framework::Context&)>& get) {
  auto r = PollFor(ctx, what + " to be deleted", true, get);
  if (!r.ok()) return r.error();
  return Status();
}

}  // namespace otc::elb
