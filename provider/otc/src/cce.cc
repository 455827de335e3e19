#include "otc/cce.h"

#include <cctype>

#include "otc/signer.h"

namespace otc::cce {
namespace {

constexpr const char* kService = "ccev2.0";

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
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
    if (it->is_string()) out[it.key()] = it->get<std::string>();
  }
  return out;
}
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

Result<std::string> ProjectPath(const framework::Context& ctx, Client& c, const std::string& rest,
                                const std::string& what) {
  auto pid = c.ProjectId(ctx);
  if (!pid.ok()) return Error(pid.error()).set_what(what);
  return "/api/v3/projects/" + pid.value() + rest;
}

Result<std::string> ClusterPath(const framework::Context& ctx, Client& c, const std::string& id,
                                const std::string& rest, const std::string& what) {
  if (id.empty()) return Error(ErrorKind::kConfig, "empty CCE cluster id").set_what(what);
  return ProjectPath(ctx, c, "/clusters/" + UriEncode(id, false) + rest, what);
}

// The JSON object of a 2xx answer, or a decode error.
Result<json> Body(const Result<Response>& r, const std::string& what) {
  if (!r.ok()) return r.error();
  json body = r->Json();
  if (!body.is_object()) return Error(ErrorKind::kDecode, "the response is not a JSON object").set_what(what);
  return body;
}

Cluster ParseCluster(const json& j) {
  Cluster c;
  const json& md = Obj(j, "metadata");
  const json& spec = Obj(j, "spec");
  const json& st = Obj(j, "status");
  c.id = Str(md, "uid");
  c.name = Str(md, "name");
  c.labels = StrMap(Obj(md, "labels"));
  c.annotations = StrMap(Obj(md, "annotations"));
  c.category = Str(spec, "category");
  c.type = Str(spec, "type");
  c.flavor = Str(spec, "flavor");
  c.version = Str(spec, "version");
  c.description = Str(spec, "description");
  if (auto it = spec.find("billingMode"); it != spec.end() && it->is_number_integer()) c.billing_mode = it->get<int>();
  const json& hn = Obj(spec, "hostNetwork");
  c.vpc_id = Str(hn, "vpc");
  c.subnet_id = Str(hn, "subnet");
  c.highway_subnet_id = Str(hn, "highwaySubnet");
  c.security_group_id = Str(hn, "SecurityGroup");
  if (c.security_group_id.empty()) c.security_group_id = Str(hn, "securityGroup");
  const json& cn = Obj(spec, "containerNetwork");
  c.container_network_mode = Str(cn, "mode");
  c.container_network_cidr = Str(cn, "cidr");
  const json& eni = Obj(spec, "eniNetwork");
  c.eni_subnet_id = Str(eni, "eniSubnetId");
  c.eni_subnet_cidr = Str(eni, "eniSubnetCIDR");
  const json& auth = Obj(spec, "authentication");
  c.authentication_mode = Str(auth, "mode");
  c.authenticating_proxy_ca = Str(Obj(auth, "authenticatingProxy"), "ca");
  c.kubernetes_svc_ip_range = Str(spec, "kubernetesSvcIpRange");
  c.kube_proxy_mode = Str(spec, "kubeProxyMode");
  c.extend_param = StrMap(Obj(spec, "extendParam"));
  if (auto it = spec.find("enableMasterVolumeEncryption"); it != spec.end() && it->is_boolean()) {
    c.enable_master_volume_encryption = it->get<bool>();
  }
  c.phase = Str(st, "phase");
  c.job_id = Str(st, "jobID");
  c.reason = Str(st, "reason");
  c.message = Str(st, "message");
  // OTC answers an object; the Huawei style is an array of {url,type}.
  if (auto it = st.find("endpoints"); it != st.end()) {
    if (it->is_object()) {
      c.endpoints.internal = Str(*it, "internal");
      c.endpoints.external = Str(*it, "external");
      c.endpoints.external_otc = Str(*it, "external_otc");
    } else if (it->is_array()) {
      for (const auto& e : *it) {
        std::string type = Str(e, "type");
        if (type == "Internal") c.endpoints.internal = Str(e, "url");
        if (type == "External") c.endpoints.external = Str(e, "url");
        if (type == "External_OTC" || type == "ExternalOTC") c.endpoints.external_otc = Str(e, "url");
      }
    }
  }
  return c;
}

Job ParseJob(const json& j) {
  Job out;
  const json& md = Obj(j, "metadata");
  const json& spec = Obj(j, "spec");
  const json& st = Obj(j, "status");
  out.id = Str(md, "uid");
  out.type = Str(spec, "type");
  out.cluster_id = Str(spec, "clusterUID");
  out.resource_id = Str(spec, "resourceID");
  out.resource_name = Str(spec, "resourceName");
  out.phase = Str(st, "phase");
  out.reason = Str(st, "reason");
  out.message = Str(st, "message");
  if (auto it = spec.find("subJobs"); it != spec.end() && it->is_array()) {
    for (const auto& s : *it) out.sub_jobs.push_back(ParseJob(s));
  }
  return out;
}

Kubeconfig ParseKubeconfig(const json& j) {
  Kubeconfig k;
  k.raw = j;
  if (auto it = j.find("clusters"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      const json& cl = Obj(e, "cluster");
      k.clusters.push_back({Str(e, "name"), Str(cl, "server"), Str(cl, "certificate-authority-data")});
    }
  }
  if (auto it = j.find("users"); it != j.end() && it->is_array()) {
    for (const auto& e : *it) {
      const json& u = Obj(e, "user");
      k.users.push_back({Str(e, "name"), Str(u, "client-certificate-data"), Str(u, "client-key-data")});
    }
  }
  return k;
}

Result<std::vector<json>> ListRaw(const framework::Context& ctx, Client& c, const std::string& path,
                                  const std::string& what) {
  Request req;
  req.service = kService;
  req.path = path;
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  auto it = body->find("items");
  std::vector<json> out;
  if (it == body->end() || it->is_null()) return out;
  if (!it->is_array()) return Error(ErrorKind::kDecode, "\"items\" is not an array").set_what(what);
  for (const auto& e : *it) out.push_back(e);
  return out;
}

Status MasterEip(const framework::Context& ctx, Client& c, const std::string& id, const json& spec,
                 const std::string& what) {
  auto path = ClusterPath(ctx, c, id, "/mastereip", what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "PUT";
  req.service = kService;
  req.path = path.value();
  req.body = json{{"spec", spec}};
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

bool IsIpHost(const std::string& host) {
  if (host == "localhost" || host.empty() || host.front() == '[') return true;
  for (char ch : host) {
    if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != '.') return false;
  }
  return true;
}

}  // namespace

Result<Cluster> CreateCluster(const framework::Context& ctx, Client& c, const ClusterCreate& in) {
  std::string what = "creating CCE cluster " + Quoted(in.name);
  auto path = ProjectPath(ctx, c, "/clusters", what);
  if (!path.ok()) return path.error();
  json md = {{"name", in.name}};
  if (!in.labels.empty()) md["labels"] = in.labels;
  if (!in.annotations.empty()) md["annotations"] = in.annotations;
  json hn = {{"vpc", in.vpc_id}, {"subnet", in.subnet_id}};
  if (!in.highway_subnet_id.empty()) hn["highwaySubnet"] = in.highway_subnet_id;
  if (!in.security_group_id.empty()) hn["SecurityGroup"] = in.security_group_id;
  json cn = {{"mode", in.container_network_mode}};
  if (!in.container_network_cidr.empty()) cn["cidr"] = in.container_network_cidr;
  json spec = {{"type", in.type}, {"flavor", in.flavor}, {"hostNetwork", hn}, {"containerNetwork", cn}};
  if (!in.category.empty()) spec["category"] = in.category;
  if (!in.version.empty()) spec["version"] = in.version;
  if (!in.description.empty()) spec["description"] = in.description;
  if (in.billing_mode) spec["billingMode"] = *in.billing_mode;
  if (!in.eni_subnet_id.empty() || !in.eni_subnet_cidr.empty()) {
    spec["eniNetwork"] = {{"eniSubnetId", in.eni_subnet_id}, {"eniSubnetCIDR", in.eni_subnet_cidr}};
  }
  if (!in.authentication_mode.empty()) {
    json auth = {{"mode", in.authentication_mode}};
    if (in.authentication_mode == "authenticating_proxy") {
      auth["authenticatingProxy"] = {{"ca", in.proxy_ca}, {"cert", in.proxy_cert}, {"privateKey", in.proxy_private_key}};
    }
    spec["authentication"] = auth;
  }
  if (!in.kubernetes_svc_ip_range.empty()) spec["kubernetesSvcIpRange"] = in.kubernetes_svc_ip_range;
  if (!in.kube_proxy_mode.empty()) spec["kubeProxyMode"] = in.kube_proxy_mode;
  if (!in.extend_param.empty()) spec["extendParam"] = in.extend_param;
  if (in.enable_master_volume_encryption) spec["enableMasterVolumeEncryption"] = *in.enable_master_volume_encryption;

  Request req;
  req.method = "POST";
  req.service = kService;
  req.path = path.value();
  // The SDK's lower-case "apiversion" (api.md 3).
  req.body = json{{"kind", "Cluster"}, {"apiversion", "v3"}, {"metadata", md}, {"spec", spec}};
  req.ok_codes = {201};
  req.what = what;
  const std::string list_path = path.value();
  const std::string name = in.name;
  req.find_existing = [&c, list_path, name, what](const framework::Context& x) -> Result<std::optional<Response>> {
    auto items = ListRaw(x, c, list_path, "listing CCE clusters");
    if (!items.ok()) return items.error();
    for (const auto& it : items.value()) {
      // Names are unique per project (409 on a duplicate).
      if (Str(Obj(it, "metadata"), "name") != name) continue;
      Response r;
      r.status = 201;
      r.body = it.dump();
      return std::optional<Response>(std::move(r));
    }
    return std::optional<Response>();
  };
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) {
    Error e = body.error();
    // api.md 3.1: the account has not authorised CCE (needs the agency).
    if (e.kind() == ErrorKind::kHttp && e.http_status() == 400 && e.message().find("authorize CCE") != std::string::npos) {
      e.set_hint("CCE is not authorized in this project: open the CCE console once and accept the authorization "
                 "(it creates the CCE agency), then apply again.");
    }
    return e;
  }
  Cluster out = ParseCluster(body.value());
  if (out.id.empty()) return Error(ErrorKind::kDecode, "the response has no metadata.uid").set_what(what);
  return out;
}

Result<Cluster> GetCluster(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading CCE cluster " + id;
  auto path = ClusterPath(ctx, c, id, "", what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  return ParseCluster(body.value());
}

Result<std::vector<Cluster>> ListClusters(const framework::Context& ctx, Client& c) {
  auto path = ProjectPath(ctx, c, "/clusters", "listing CCE clusters");
  if (!path.ok()) return path.error();
  auto items = ListRaw(ctx, c, path.value(), "listing CCE clusters");
  if (!items.ok()) return items.error();
  std::vector<Cluster> out;
  for (const auto& j : items.value()) out.push_back(ParseCluster(j));
  return out;
}

Result<Cluster> UpdateClusterDescription(const framework::Context& ctx, Client& c, const std::string& id,
                                         const std::string& description) {
  std::string what = "updating the description of CCE cluster " + id;
  auto path = ClusterPath(ctx, c, id, "", what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "PUT";
  req.service = kService;
  req.path = path.value();
  req.body = json{{"spec", {{"description", description}}}};
  req.ok_codes = {200};
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  return ParseCluster(body.value());
}

Status DeleteCluster(const framework::Context& ctx, Client& c, const std::string& id,
                     const std::vector<std::pair<std::string, std::string>>& flags) {
  std::string what = "deleting CCE cluster " + id;
  auto path = ClusterPath(ctx, c, id, "", what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "DELETE";
  req.service = kService;
  req.path = path.value();
  req.query = flags;
  req.ok_codes = {200};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

Result<Job> GetJob(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading CCE job " + id;
  if (id.empty()) return Error(ErrorKind::kConfig, "empty CCE job id").set_what(what);
  auto path = ProjectPath(ctx, c, "/jobs/" + UriEncode(id, false), what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  return ParseJob(body.value());
}

std::string FailureReason(const Job& job) {
  if (job.phase == "Failed") {
    if (!job.reason.empty()) return job.reason;
    if (!job.message.empty()) return job.message;
  }
  for (const auto& s : job.sub_jobs) {
    std::string r = FailureReason(s);
    if (!r.empty()) return r;
  }
  return "";
}

Result<Kubeconfig> GetClusterCert(const framework::Context& ctx, Client& c, const std::string& id) {
  std::string what = "reading the certificates of CCE cluster " + id;
  auto path = ClusterPath(ctx, c, id, "/clustercert", what);
  if (!path.ok()) return path.error();
  Request req;
  req.service = kService;
  req.path = path.value();
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  return ParseKubeconfig(body.value());
}

Result<Kubeconfig> CreateClusterCert(const framework::Context& ctx, Client& c, const std::string& id,
                                     int duration_days) {
  std::string what = "issuing a kubeconfig for CCE cluster " + id;
  auto path = ClusterPath(ctx, c, id, "/clustercert", what);
  if (!path.ok()) return path.error();
  Request req;
  req.method = "POST";
  req.service = kService;
  req.path = path.value();
  req.body = json{{"duration", duration_days}};
  req.ok_codes = {200, 201};
  // Issuing a certificate twice is harmless: the request can be replayed.
  req.idempotent = true;
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  return ParseKubeconfig(body.value());
}

Status BindMasterEip(const framework::Context& ctx, Client& c, const std::string& id, const std::string& eip_id,
                     const std::string& address) {
  return MasterEip(ctx, c, id, {{"action", "bind"}, {"spec", {{"id", eip_id}}}, {"elasticIp", address}},
                   "binding EIP " + address + " to CCE cluster " + id);
}

Status UnbindMasterEip(const framework::Context& ctx, Client& c, const std::string& id) {
  return MasterEip(ctx, c, id, {{"action", "unbind"}, {"spec", {{"id", ""}}}, {"elasticIp", ""}},
                   "unbinding the EIP of CCE cluster " + id);
}

std::string AddonBaseUrl(const std::string& cce_endpoint, const std::string& cluster_id) {
  auto scheme = cce_endpoint.find("://");
  if (scheme == std::string::npos) return cce_endpoint;
  std::size_t host_start = scheme + 3;
  std::size_t host_end = cce_endpoint.find_first_of(":/", host_start);
  std::string host = cce_endpoint.substr(host_start, host_end == std::string::npos ? std::string::npos
                                                                                    : host_end - host_start);
  if (IsIpHost(host)) return cce_endpoint;
  return cce_endpoint.substr(0, host_start) + cluster_id + "." + cce_endpoint.substr(host_start);
}

std::string EndpointHost(const std::string& url) {
  auto scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  if (start >= url.size()) return "";
  if (url[start] == '[') {
    auto close = url.find(']', start);
    return close == std::string::npos ? url.substr(start) : url.substr(start + 1, close - start - 1);
  }
  auto end = url.find_first_of(":/", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

Result<std::vector<Addon>> ListAddons(const framework::Context& ctx, Client& c, const std::string& cluster_id) {
  std::string what = "listing the add-ons of CCE cluster " + cluster_id;
  if (cluster_id.empty()) return Error(ErrorKind::kConfig, "empty CCE cluster id").set_what(what);
  auto base = c.Endpoint(ctx, kService);
  if (!base.ok()) return Error(base.error()).set_what(what);
  Request req;
  req.path = AddonBaseUrl(base.value(), cluster_id) + "/api/v3/addons";
  req.query = {{"cluster_id", cluster_id}};
  req.what = what;
  auto body = Body(c.Do(ctx, req), what);
  if (!body.ok()) return body.error();
  std::vector<Addon> out;
  auto it = body->find("items");
  if (it == body->end() || !it->is_array()) return out;
  for (const auto& a : *it) {
    const json& md = Obj(a, "metadata");
    const json& spec = Obj(a, "spec");
    out.push_back({Str(md, "uid"), Str(md, "name"), Str(spec, "addonTemplateName"), Str(spec, "version"),
                   Str(Obj(a, "status"), "status")});
  }
  return out;
}

Status DeleteAddon(const framework::Context& ctx, Client& c, const std::string& cluster_id,
                   const std::string& addon_id) {
  std::string what = "deleting add-on " + addon_id + " of CCE cluster " + cluster_id;
  if (cluster_id.empty() || addon_id.empty()) return Error(ErrorKind::kConfig, "empty id").set_what(what);
  auto base = c.Endpoint(ctx, kService);
  if (!base.ok()) return Error(base.error()).set_what(what);
  Request req;
  req.method = "DELETE";
  req.path = AddonBaseUrl(base.value(), cluster_id) + "/api/v3/addons/" + UriEncode(addon_id, false);
  req.query = {{"cluster_id", cluster_id}};
  req.ok_codes = {200, 204};
  req.what = what;
  auto r = c.Do(ctx, req);
  if (!r.ok()) return r.error();
  return Status();
}

}  // namespace otc::cce
