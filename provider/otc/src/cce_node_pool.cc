#include "otc/cce_node_pool.h"

#include <array>
#include <utility>

#include "otc/signer.h"

namespace otc::cce_node_pool {
namespace {

constexpr const char* kService = "ccev2.0";

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
int64_t Int(const json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number()) return static_cast<int64_t>(it->get<double>());
  return 0;
}
bool Bool(const json& j, const char* key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
const json& Obj(const json& j, const char* key) {
  static const json kEmpty = json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}
std::map<std::string, std::string> StrMap(const json& j) {
  std::map<std::string, std::string> out;
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_string()) {
      out[it.key()] = it->get<std::string>();
    } else if (it->is_number_integer()) {
      out[it.key()] = std::to_string(it->get<int64_t>());
    } else if (it->is_boolean()) {
      out[it.key()] = it->get<bool>() ? "true" : "false";
    }
  }
  return out;
}
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

Result<std::string> ClusterPath(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                const std::string& rest, const std::string& what) {
  if (cluster_id.empty()) return Error(ErrorKind::kConfig, "empty CCE cluster id").set_what(what);
  auto pid = c.ProjectId(ctx);
  if (!pid.ok()) return Error(pid.error()).set_what(what);
  return "/api/v3/projects/" + pid.value() + "/clusters/" + UriEncode(cluster_id, false) + rest;
}

json VolumeJson(const Volume& v) {
  json o = {{"size", v.size}, {"volumetype", v.volumetype}};
  json ext = json::object();
  for (const auto& [k, val] : v.extend_params) ext[k] = val;
  o["extendParam"] = ext;
  if (!v.kms_id.empty()) o["metadata"] = {{"__system__cmkid", v.kms_id}, {"__system__encrypted", "1"}};
  return o;
}
Volume ParseVolume(const json& j) {
  Volume v;
  v.size = Int(j, "size");
  v.volumetype = Str(j, "volumetype");
  v.kms_id = Str(Obj(j, "metadata"), "__system__cmkid");
  v.extend_params = StrMap(Obj(j, "extendParam"));
  return v;
}
json TaintsJson(const std::vector<Taint>& ts) {
  json a = json::array();
  for (const auto& t : ts) a.push_back({{"key", t.key}, {"value", t.value}, {"effect", t.effect}});
  return a;
}
json AutoscalingJson(const Autoscaling& a) {
  return {{"enable", a.enable},
          {"minNodeCount", a.min_node_count},
          {"maxNodeCount", a.max_node_count},
          {"scaleDownCooldownTime", a.scale_down_cooldown_time},
          {"priority", a.priority}};
}
json MapJson(const std::map<std::string, std::string>& m) {
  json o = json::object();
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

NodePool ParsePool(const json& j, const std::string& cluster_id) {
  NodePool p;
  const json& md = Obj(j, "metadata");
  const json& spec = Obj(j, "spec");
  const json& st = Obj(j, "status");
  const json& t = Obj(spec, "nodeTemplate");
  p.id = Str(md, "uid");
  p.cluster_id = cluster_id;
  p.phase = Str(st, "phase");
  p.message = Str(st, "message");
  if (p.message.empty()) p.message = Str(st, "reason");
  p.current_node = Int(st, "currentNode");
  NodePoolSpec& s = p.spec;
  s.name = Str(md, "name");
  s.flavor = Str(t, "flavor");
  s.availability_zone = Str(t, "az");
  s.os = Str(t, "os");
  s.key_pair = Str(Obj(t, "login"), "sshKey");
  s.root_volume = ParseVolume(Obj(t, "rootVolume"));
  if (auto it = t.find("dataVolumes"); it != t.end() && it->is_array()) {
    for (const auto& v : *it) s.data_volumes.push_back(ParseVolume(v));
  }
  if (auto it = t.find("storage"); it != t.end() && it->is_object() && !it->empty()) s.storage = it->dump();
  s.initial_node_count = Int(spec, "initialNodeCount");
  const json& as = Obj(spec, "autoscaling");
  s.autoscaling.enable = Bool(as, "enable");
  s.autoscaling.min_node_count = Int(as, "minNodeCount");
  s.autoscaling.max_node_count = Int(as, "maxNodeCount");
  s.autoscaling.scale_down_cooldown_time = Int(as, "scaleDownCooldownTime");
  s.autoscaling.priority = Int(as, "priority");
  s.k8s_tags = StrMap(Obj(t, "k8sTags"));
  if (auto it = t.find("userTags"); it != t.end() && it->is_array()) {
    for (const auto& u : *it) s.user_tags[Str(u, "key")] = Str(u, "value");
  }
  if (auto it = t.find("taints"); it != t.end() && it->is_array()) {
    for (const auto& x : *it) s.taints.push_back({Str(x, "key"), Str(x, "value"), Str(x, "effect")});
  }
  s.runtime = Str(Obj(t, "runtime"), "name");
  s.subnet_id = Str(Obj(Obj(t, "nodeNicSpec"), "primaryNic"), "subnetId");
  if (auto it = spec.find("customSecurityGroups"); it != spec.end() && it->is_array()) {
    for (const auto& g : *it) {
      if (g.is_string()) s.security_group_ids.push_back(g.get<std::string>());
    }
  }
  s.server_group_reference = Str(Obj(spec, "nodeManagement"), "serverGroupReference");
  const json& ext = Obj(t, "extendParam");
  s.preinstall = Str(ext, "alpha.cce/preInstall");
  s.postinstall = Str(ext, "alpha.cce/postInstall");
  s.max_pods = Int(ext, "maxPods");
  s.agency_name = Str(ext, "agency_name");
  s.docker_base_size = Int(ext, "dockerBaseSize");
  s.docker_lvm_config_override = Str(ext, "DockerLVMConfigOverride");
  return p;
}

json CreateBody(const NodePoolSpec& s) {
  json login = json::object();
  if (!s.key_pair.empty()) {
    login["sshKey"] = s.key_pair;
  } else {
    login["userPassword"] = {{"username", "root"}, {"password", s.password}};
  }
  json data = json::array();
  for (const auto& v : s.data_volumes) data.push_back(VolumeJson(v));
  json ext = json::object();
  if (s.max_pods > 0) ext["maxPods"] = s.max_pods;
  if (!s.preinstall.empty()) ext["alpha.cce/preInstall"] = s.preinstall;
  if (!s.postinstall.empty()) ext["alpha.cce/postInstall"] = s.postinstall;
  if (!s.agency_name.empty()) ext["agency_name"] = s.agency_name;
  if (s.docker_base_size > 0) ext["dockerBaseSize"] = s.docker_base_size;
  if (!s.docker_lvm_config_override.empty()) ext["DockerLVMConfigOverride"] = s.docker_lvm_config_override;
  json tmpl = {{"flavor", s.flavor},
               {"az", s.availability_zone.empty() ? "random" : s.availability_zone},
               {"count", 1},
               {"login", login},
               {"rootVolume", VolumeJson(s.root_volume)},
               {"dataVolumes", data},
               {"k8sTags", MapJson(s.k8s_tags)},
               {"taints", TaintsJson(s.taints)},
               {"extendParam", ext}};
  if (!s.os.empty()) tmpl["os"] = s.os;
  if (!s.runtime.empty()) tmpl["runtime"] = {{"name", s.runtime}};
  if (!s.subnet_id.empty()) tmpl["nodeNicSpec"] = {{"primaryNic", {{"subnetId", s.subnet_id}}}};
  if (!s.user_tags.empty()) {
    json tags = json::array();
    for (const auto& [k, v] : s.user_tags) tags.push_back({{"key", k}, {"value", v}});
    tmpl["userTags"] = tags;
  }
  if (!s.storage.empty()) {
    json st = json::parse(s.storage, nullptr, false);
    if (st.is_object()) tmpl["storage"] = st;
  }
  json spec = {{"type", "vm"},
               {"initialNodeCount", s.initial_node_count},
               {"autoscaling", AutoscalingJson(s.autoscaling)},
               {"nodeManagement", {{"serverGroupReference", s.server_group_reference}}},
               {"nodeTemplate", tmpl}};
  if (!s.security_group_ids.empty()) spec["customSecurityGroups"] = s.security_group_ids;
  return {{"kind", "NodePool"}, {"apiversion", "v3"}, {"metadata", {{"name", s.name}}}, {"spec", spec}};
}

// The list of a cluster's children ("nodepools", "nodes"): `items`.
Result<std::vector<json>> ListItems(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                    const std::string& coll, const std::string& what) {
  auto path = ClusterPath(ctx, c, cluster_id, "/" + coll, what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  json body = r->Json();
  std::vector<json> out;
  if (!body.is_object() || !body.contains("items") || !body["items"].is_array()) {
    if (body.is_object() && body.contains("items") && body["items"].is_null()) return out;
    return Error(ErrorKind::kDecode, "the response has no \"items\" array").set_what(what);
  }
  for (const auto& it : body["items"]) out.push_back(it);
  return out;
}

Result<NodePool> PoolFrom(const Result<Response>& r, const std::string& cluster_id, const std::string& what) {
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object() || Str(Obj(body, "metadata"), "uid").empty()) {
    return Error(ErrorKind::kDecode, "the response is not a node pool object with metadata.uid").set_what(what);
  }
  return ParsePool(body, cluster_id);
}

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string EncodeBase64(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                 (uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) | static_cast<unsigned char>(in[i + 2]);
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += kB64[(n >> 6) & 63];
    out += kB64[n & 63];
  }
  if (i < in.size()) {
    uint32_t n = uint32_t{static_cast<unsigned char>(in[i])} << 16;
    if (i + 1 < in.size()) n |= uint32_t{static_cast<unsigned char>(in[i + 1])} << 8;
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

std::optional<std::string> DecodeBase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::array<int, 256> val;
  val.fill(-1);
  for (int i = 0; i < 64; ++i) val[static_cast<unsigned char>(kB64[i])] = i;
  std::string out;
  size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t n = 0;
    for (size_t k = 0; k < 4; ++k) {
      char ch = text[i + k];
      int v = 0;
      if (ch == '=') {
        if (i + k < text.size() - pad) return std::nullopt;  // '=' only at the end
      } else {
        v = val[static_cast<unsigned char>(ch)];
        if (v < 0) return std::nullopt;
      }
      n = (n << 6) | static_cast<uint32_t>(v);
    }
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
  }
  out.resize(out.size() - pad);
  return out;
}

std::string EncodeScript(const std::string& script) {
  if (script.empty()) return "";
  if (DecodeBase64(script)) return script;
  return EncodeBase64(script);
}

Result<NodePool> CreateNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                const NodePoolSpec& in) {
  std::string what = "creating CCE node pool " + Quoted(in.name) + " in cluster " + cluster_id;
  auto path = ClusterPath(ctx, c, cluster_id, "/nodepools", what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "POST";
  req.service = kService;
  req.path = path.value();
  req.body = CreateBody(in);
  req.ok_codes = {201};
  req.what = what;
  // Pool names are unique per cluster (409 otherwise): after an ambiguous
  // failure, a pool with this name is the one this request made.
  std::string name = in.name;
  req.find_existing = [&c, cluster_id, name](const framework::Context& x) -> Result<std::optional<Response>> {
    auto items = ListItems(x, c, cluster_id, "nodepools", "listing the node pools of CCE cluster " + cluster_id);
    if (!items.ok()) return items.error();
    for (const auto& it : items.value()) {
      if (Str(Obj(it, "metadata"), "name") == name) {
        Response r;
        r.status = 201;
        r.body = it.dump();
        return std::optional<Response>(std::move(r));
      }
    }
    return std::optional<Response>();
  };
  return PoolFrom(c.Do(ctx, req), cluster_id, what);
}

Result<NodePool> GetNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                             const std::string& id) {
  std::string what = "reading CCE node pool " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty node pool id").set_what(what);
  auto path = ClusterPath(ctx, c, cluster_id, "/nodepools/" + UriEncode(id, false), what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.ok_codes = {200};
  req.what = what;
  return PoolFrom(c.Do(ctx, req), cluster_id, what);
}

Result<std::vector<NodePool>> ListNodePools(const framework::Context& ctx, Client& c,
                                            const std::string& cluster_id) {
  auto items = ListItems(ctx, c, cluster_id, "nodepools", "listing the node pools of CCE cluster " + cluster_id);
  if (!items.ok()) return items.error();
  std::vector<NodePool> out;
  for (const auto& j : items.value()) out.push_back(ParsePool(j, cluster_id));
  return out;
}

Result<NodePool> UpdateNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                const std::string& id, const NodePoolUpdate& in) {
  std::string what = "updating CCE node pool " + Quoted(in.name) + " (" + id + ")";
  if (id.empty()) return Error(ErrorKind::kConfig, "empty node pool id").set_what(what);
  auto path = ClusterPath(ctx, c, cluster_id, "/nodepools/" + UriEncode(id, false), what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "PUT";
  req.service = kService;
  req.path = path.value();
  // `type: vm` is required on update too (api.md 3.3, issue #1067).
  req.body = json{{"kind", "NodePool"},
                  {"apiversion", "v3"},
                  {"metadata", {{"name", in.name}}},
                  {"spec",
                   {{"type", "vm"},
                    {"initialNodeCount", in.initial_node_count},
                    {"autoscaling", AutoscalingJson(in.autoscaling)},
                    {"nodeTemplate", {{"k8sTags", MapJson(in.k8s_tags)}, {"taints", TaintsJson(in.taints)}}}}}};
  req.ok_codes = {200};
  req.what = what;
  return PoolFrom(c.Do(ctx, req), cluster_id, what);
}

Status DeleteNodePool(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                      const std::string& id) {
  std::string what = "deleting CCE node pool " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty node pool id").set_what(what);
  auto path = ClusterPath(ctx, c, cluster_id, "/nodepools/" + UriEncode(id, false), what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "DELETE";
  req.service = kService;
  req.path = path.value();
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok() && !r.error().IsNotFound()) return r.error();
  return Status();
}

Result<std::vector<PoolNode>> ListPoolNodes(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                                            const std::string& pool_id) {
  auto items = ListItems(ctx, c, cluster_id, "nodes", "listing the nodes of CCE cluster " + cluster_id);
  if (!items.ok()) return items.error();
  std::vector<PoolNode> out;
  for (const auto& j : items.value()) {
    const json& md = Obj(j, "metadata");
    std::string pool = Str(Obj(md, "annotations"), "kubernetes.io/node-pool.id");
    if (pool.empty()) pool = Str(Obj(md, "labels"), "kubernetes.io/node-pool.id");
    if (pool != pool_id) continue;
    const json& st = Obj(j, "status");
    PoolNode n;
    n.id = Str(md, "uid");
    n.name = Str(md, "name");
    n.phase = Str(st, "phase");
    n.private_ip = Str(st, "privateIP");
    n.reason = Str(st, "reason");
    if (n.reason.empty()) n.reason = Str(st, "message");
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::string> GetClusterPhase(const framework::Context& ctx, Client& c, const std::string& cluster_id) {
  std::string what = "reading CCE cluster " + cluster_id;
  auto path = ClusterPath(ctx, c, cluster_id, "", what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Str(Obj(r->Json(), "status"), "phase");
}

}  // namespace otc::cce_node_pool
