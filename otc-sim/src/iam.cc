// IAM (Keystone v3): version discovery, token issue/validate/revoke,
// catalog, projects and domains look-ups (api.md section 1).
#include "otcsim/sim.h"
#include "otcsim/signer.h"

namespace otcsim {
namespace {

std::string EndpointId(std::string_view type, std::string_view region) {
  return HexEncode(Sha256("endpoint:" + std::string(type) + ":" + std::string(region))).substr(0, 32);
}

// Catalog entries as in api.md 0.2; every URL points back at the listener.
json Catalog(const std::string& base, const std::string& region, const std::string& pid,
             const std::string& obs = "") {
  struct Entry {
    const char* type;
    std::string url;
  };
  std::vector<Entry> entries = {
      {"identity", base + "/v3"},
      {"network", base},
      {"vpc", base + "/v1/" + pid},
      {"ccev2.0", base},
      {"rdsv3", base + "/v3/" + pid},
      {"elbv3", base + "/v3/" + pid},
      {"dns", base},
      {"object", obs.empty() ? base : obs},
      {"ecs", base + "/v1/" + pid},
      {"compute", base + "/v2.1/" + pid},
      {"volumev3", base + "/v3/" + pid},
  };
  json cat = json::array();
  for (const auto& e : entries) {
    json eps = json::array();
    auto add = [&](const std::string& r) {
      eps.push_back({{"id", EndpointId(e.type, r)},
                     {"interface", "public"},
                     {"region", r},
                     {"region_id", r},
                     {"url", e.url}});
    };
    if (std::string_view(e.type) == "identity") add("*");
    add(region);
    cat.push_back({{"type", e.type}, {"id", EndpointId(e.type, "")}, {"name", e.type}, {"endpoints", eps}});
  }
  return cat;
}

json TokenBody(Simulator& sim, const Request& req, const Identity& who, const std::vector<std::string>& methods,
               int64_t issued, int64_t expires, bool with_catalog) {
  const User& u = *who.user;
  json domain = {{"id", u.domain_id}, {"name", u.domain_name}};
  json t = {{"methods", methods},
            {"expires_at", IsoTime(expires)},
            {"issued_at", IsoTime(issued)},
            {"user", {{"id", u.id}, {"name", u.name}, {"domain", domain}, {"password_expires_at", ""}}},
            {"roles", json::array({{{"id", "0"}, {"name", "te_admin"}}, {{"id", "1"}, {"name", "op_gated_lld"}}})}};
  if (who.domain_scoped) {
    t["domain"] = domain;
  } else {
    t["project"] = {{"id", who.project_id}, {"name", who.project_name}, {"domain", domain}};
  }
  if (with_catalog) t["catalog"] = Catalog(req.base_url, sim.config().region, who.project_id, sim.obs_url());
  return json{{"token", t}};
}

const json* Obj(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

std::string Str(const json* j, const char* key) {
  if (j == nullptr) return {};
  auto it = j->find(key);
  return it != j->end() && it->is_string() ? it->get<std::string>() : std::string{};
}

Response IssueTokenHandler(Simulator& sim, const Request& req) {
  auto body = ParseBody(req);
  if (!body) return KeystoneError(400, "The request body is not valid JSON.");
  const json* auth = Obj(*body, "auth");
  const json* identity = auth != nullptr ? Obj(*auth, "identity") : nullptr;
  if (identity == nullptr || !identity->contains("methods") || !(*identity)["methods"].is_array()) {
    return KeystoneError(400, "Expecting to find identity in auth - the server could not comply with the request "
                              "since it is either malformed or otherwise incorrect.");
  }
  std::vector<std::string> methods;
  for (const auto& m : (*identity)["methods"]) {
    if (m.is_string()) methods.push_back(m.get<std::string>());
  }
  Identity who;
  if (std::find(methods.begin(), methods.end(), "password") != methods.end()) {
    const json* pw = Obj(*identity, "password");
    const json* user = pw != nullptr ? Obj(*pw, "user") : nullptr;
    if (user == nullptr) return KeystoneError(400, "Expecting to find user in password.");
    std::string password = Str(user, "password");
    const User* u = nullptr;
    if (!Str(user, "id").empty()) {
      u = sim.FindUserById(Str(user, "id"));
    } else {
      const json* dom = Obj(*user, "domain");
      if (dom == nullptr || (Str(dom, "name").empty() && Str(dom, "id").empty())) {
        return KeystoneError(400, "Expecting to find domain in user.");
      }
      u = sim.FindUserByName(Str(user, "name"), Str(dom, "name"), Str(dom, "id"));
    }
    if (u == nullptr || u->password != password) {
      return KeystoneError(401, "The username or password is wrong.");
    }
    who.user = u;
  } else if (std::find(methods.begin(), methods.end(), "token") != methods.end()) {
    const json* tok = Obj(*identity, "token");
    std::string id = Str(tok, "id");
    if (id.empty()) id = std::string(req.header("x-auth-token"));
    Identity prev;
    if (!sim.LookupToken(id, &prev, nullptr, nullptr, nullptr)) return KeystoneError(401, "The token is invalid.");
    who.user = prev.user;
  } else {
    return KeystoneError(400, "Unsupported authentication method.");
  }
  // Scope.
  const json* scope = Obj(*auth, "scope");
  const json* project = scope != nullptr ? Obj(*scope, "project") : nullptr;
  const json* domain = scope != nullptr ? Obj(*scope, "domain") : nullptr;
  if (project != nullptr) {
    std::string pid = Str(project, "id");
    std::string pname = Str(project, "name");
    if (!pid.empty() && Obj(*project, "domain") != nullptr) {
      return KeystoneError(400, "Project id and domain cannot be given together.");
    }
    if (pid.empty()) {
      const json* pdom = Obj(*project, "domain");
      if (pdom == nullptr) return KeystoneError(400, "Expecting to find domain in project.");
      std::string dn = Str(pdom, "name");
      std::string di = Str(pdom, "id");
      if ((!dn.empty() && dn != who.user->domain_name) || (!di.empty() && di != who.user->domain_id)) {
        return KeystoneError(401, "The request you have made requires authentication.");
      }
    }
    for (const auto& p : who.user->projects) {
      if ((!pid.empty() && p.id == pid) || (pid.empty() && p.name == pname)) {
        who.project_id = p.id;
        who.project_name = p.name;
      }
    }
    if (who.project_id.empty()) return KeystoneError(404, "Could not find project: " + (pid.empty() ? pname : pid) + ".");
  } else if (domain != nullptr) {
    std::string dn = Str(domain, "name");
    std::string di = Str(domain, "id");
    if ((!dn.empty() && dn != who.user->domain_name) || (!di.empty() && di != who.user->domain_id) ||
        (dn.empty() && di.empty())) {
      return KeystoneError(401, "The request you have made requires authentication.");
    }
    who.domain_scoped = true;
  } else {
    who.domain_scoped = true;  // unscoped tokens act on the user's domain
  }
  int64_t issued = 0;
  int64_t expires = 0;
  std::string token = sim.IssueToken(who, methods, &issued, &expires);
  bool with_catalog = req.query_param("nocatalog").empty();
  Response r = Response::json(201, TokenBody(sim, req, who, methods, issued, expires, with_catalog).dump());
  r.set_header("X-Subject-Token", token);
  return r;
}

Response ValidateToken(Simulator& sim, const Request& req, bool head) {
  Identity caller;
  if (!sim.LookupToken(req.header("x-auth-token"), &caller, nullptr, nullptr, nullptr)) {
    return KeystoneError(401, "The request you have made requires authentication.");
  }
  Identity who;
  int64_t issued = 0;
  int64_t expires = 0;
  std::vector<std::string> methods;
  if (!sim.LookupToken(req.header("x-subject-token"), &who, &issued, &expires, &methods)) {
    return KeystoneError(404, "Could not find token.");
  }
  if (head) return Response::json(200, "");
  Response r = Response::json(200, TokenBody(sim, req, who, methods, issued, expires,
                                             req.query_param("nocatalog").empty())
                                       .dump());
  r.set_header("X-Subject-Token", std::string(req.header("x-subject-token")));
  return r;
}

// POST /v3.0/OS-CREDENTIAL/securitytokens (api.md 1.6): temporary AK/SK and
// security token for the caller's user ("token" method; agencies are not
// simulated). duration_seconds 900..86400, default 900.
Response IssueSecurityToken(Simulator& sim, const Request& req) {
  Identity caller;
  if (!sim.LookupToken(req.header("x-auth-token"), &caller, nullptr, nullptr, nullptr)) {
    return KeystoneError(401, "The request you have made requires authentication: send a valid X-Auth-Token.");
  }
  auto body = ParseBody(req);
  if (!body) return KeystoneError(400, "The request body is not valid JSON.");
  const json* auth = Obj(*body, "auth");
  const json* identity = auth != nullptr ? Obj(*auth, "identity") : nullptr;
  if (identity == nullptr || !identity->contains("methods") || !(*identity)["methods"].is_array() ||
      (*identity)["methods"].empty() || !(*identity)["methods"][0].is_string()) {
    return KeystoneError(400, "Expecting to find auth.identity.methods in the request body.");
  }
  std::string method = (*identity)["methods"][0];
  if (method == "assume_role") {
    const json* ar = Obj(*identity, "assume_role");
    return KeystoneError(404, "Could not find agency: " + Str(ar, "agency_name") + " (otc-sim has no agencies).");
  }
  if (method != "token") return KeystoneError(400, "Unsupported method '" + method + "': use token or assume_role.");
  const json* tok = Obj(*identity, "token");
  int64_t seconds = 900;
  if (tok != nullptr && tok->contains("duration_seconds")) {
    const json& ds = (*tok)["duration_seconds"];
    if (!ds.is_number_integer() || ds.get<int64_t>() < 900 || ds.get<int64_t>() > 86400) {
      return KeystoneError(400, "duration_seconds must be an integer between 900 and 86400.");
    }
    seconds = ds.get<int64_t>();
  }
  std::string id = Str(tok, "id");
  if (!id.empty() && id != req.header("x-auth-token")) {
    Identity other;
    if (!sim.LookupToken(id, &other, nullptr, nullptr, nullptr)) return KeystoneError(401, "The token is invalid.");
  }
  Simulator::TempCredential c = sim.IssueTempCredential(caller.user, seconds);
  json out = {{"credential",
               {{"access", c.access}, {"secret", c.secret}, {"securitytoken", c.security_token},
                {"expires_at", IsoTime(c.expires)}}}};
  return Response::json(201, out.dump());
}

}  // namespace

void RegisterIam(Simulator& sim) {
  Router& r = sim.router();
  auto version = [](const Request& req) {
    return json{{"id", "v3.6"},
                {"status", "stable"},
                {"updated", "2016-04-04T00:00:00Z"},
                {"links", json::array({{{"rel", "self"}, {"href", req.base_url + "/v3/"}}})},
                {"media-types", json::array({{{"base", "application/json"},
                                              {"type", "application/vnd.openstack.identity-v3+json"}}})}};
  };
  r.Add("GET", "/", [version](const Request& req, const Params&) {
    return Response::json(300, json{{"versions", {{"values", json::array({version(req)})}}}}.dump());
  });
  r.Add("GET", "/v3", [version](const Request& req, const Params&) {
    return Response::json(200, json{{"version", version(req)}}.dump());
  });
  r.Add("POST", "/v3/auth/tokens", [&sim](const Request& req, const Params&) { return IssueTokenHandler(sim, req); });
  r.Add("GET", "/v3/auth/tokens", [&sim](const Request& req, const Params&) { return ValidateToken(sim, req, false); });
  r.Add("HEAD", "/v3/auth/tokens", [&sim](const Request& req, const Params&) { return ValidateToken(sim, req, true); });
  r.Add("DELETE", "/v3/auth/tokens", [&sim](const Request& req, const Params&) {
    Identity caller;
    if (!sim.LookupToken(req.header("x-auth-token"), &caller, nullptr, nullptr, nullptr)) {
      return KeystoneError(401, "The request you have made requires authentication.");
    }
    Identity who;
    if (!sim.LookupToken(req.header("x-subject-token"), &who, nullptr, nullptr, nullptr)) {
      return KeystoneError(404, "Could not find token.");
    }
    sim.RevokeToken(req.header("x-subject-token"));
    return Response::json(204, "");
  });
  r.Add("POST", "/v3.0/OS-CREDENTIAL/securitytokens",
        [&sim](const Request& req, const Params&) { return IssueSecurityToken(sim, req); });
  r.Add("GET", "/v3/auth/catalog", [&sim](const Request& req, const Params&) {
    Identity who;
    if (auto err = sim.Authenticate(req, "", &who)) return *err;
    json j = {{"catalog", Catalog(req.base_url, sim.config().region, who.project_id, sim.obs_url())},
              {"links", {{"self", req.base_url + "/v3/auth/catalog"}, {"next", nullptr}, {"previous", nullptr}}}};
    return Response::json(200, j.dump());
  });
  auto projects = [&sim](const Request& req, const Params&) {
    Identity who;
    if (auto err = sim.Authenticate(req, "", &who)) return *err;
    std::string name = req.query_param("name");
    json arr = json::array();
    for (const auto& p : who.user->projects) {
      if (!name.empty() && p.name != name) continue;
      arr.push_back({{"id", p.id},
                     {"name", p.name},
                     {"domain_id", who.user->domain_id},
                     {"enabled", true},
                     {"is_domain", false},
                     {"parent_id", who.user->domain_id},
                     {"description", ""},
                     {"links", {{"self", req.base_url + "/v3/projects/" + p.id}}}});
    }
    json j = {{"projects", arr}, {"links", {{"self", req.base_url + req.target}, {"next", nullptr}, {"previous", nullptr}}}};
    return Response::json(200, j.dump());
  };
  r.Add("GET", "/v3/projects", projects);
  r.Add("GET", "/v3/auth/projects", projects);
  r.Add("GET", "/v3/auth/domains", [&sim](const Request& req, const Params&) {
    Identity who;
    if (auto err = sim.Authenticate(req, "", &who)) return *err;
    json d = {{"id", who.user->domain_id}, {"name", who.user->domain_name}, {"enabled", true}};
    std::string name = req.query_param("name");
    json arr = json::array();
    if (name.empty() || name == who.user->domain_name) arr.push_back(d);
    return Response::json(200, json{{"domains", arr}, {"links", {{"self", req.base_url + req.target}}}}.dump());
  });
}

}  // namespace otcsim
