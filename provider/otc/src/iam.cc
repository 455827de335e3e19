#include "otc/iam.h"

#include "otc/paginate.h"

namespace otc::iam {
namespace {

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::vector<CatalogEndpoint> ParseCatalog(const json& catalog) {
  std::vector<CatalogEndpoint> out;
  if (!catalog.is_array()) return out;
  for (const auto& svc : catalog) {
    if (!svc.is_object()) continue;
    std::string type = Str(svc, "type");
    auto eps = svc.find("endpoints");
    if (type.empty() || eps == svc.end() || !eps->is_array()) continue;
    for (const auto& e : *eps) {
      if (!e.is_object()) continue;
      CatalogEndpoint c;
      c.type = type;
      c.interface = Str(e, "interface");
      c.region = Str(e, "region");
      if (c.region.empty()) c.region = Str(e, "region_id");
      c.url = Str(e, "url");
      if (!c.url.empty()) out.push_back(std::move(c));
    }
  }
  return out;
}

Result<std::vector<CatalogEndpoint>> GetCatalog(const framework::Context& ctx, Client& client) {
  Request req;
  req.path = client.IdentityUrl() + "/auth/catalog";
  req.what = "reading the IAM service catalog";
  auto items = ListAll(ctx, client, req, {PageStyle::kLinksNext, "catalog", 0});
  if (!items.ok()) return items.error();
  return ParseCatalog(json(std::move(items).value()));
}

Result<std::vector<Project>> ListProjects(const framework::Context& ctx, Client& client, const std::string& name) {
  ProjectFilter f;
  if (!name.empty()) f.name = name;
  return ListProjects(ctx, client, f);
}

Result<std::vector<Project>> ListProjects(const framework::Context& ctx, Client& client,
                                          const ProjectFilter& filter) {
  Request req;
  req.path = client.IdentityUrl() + "/projects";
  auto add = [&req](const char* key, const std::optional<std::string>& v) {
    if (v) req.query.emplace_back(key, *v);
  };
  add("name", filter.name);
  add("domain_id", filter.domain_id);
  add("parent_id", filter.parent_id);
  if (filter.enabled) req.query.emplace_back("enabled", *filter.enabled ? "true" : "false");
  if (filter.is_domain) req.query.emplace_back("is_domain", *filter.is_domain ? "true" : "false");
  req.what = filter.name ? "looking up IAM project \"" + *filter.name + "\"" : "listing IAM projects";
  auto items = ListAll(ctx, client, req, {PageStyle::kLinksNext, "projects", 0});
  if (!items.ok()) return items.error();
  std::vector<Project> out;
  for (const auto& p : items.value()) {
    if (!p.is_object()) continue;
    Project pr;
    pr.id = Str(p, "id");
    pr.name = Str(p, "name");
    pr.domain_id = Str(p, "domain_id");
    pr.parent_id = Str(p, "parent_id");
    pr.description = Str(p, "description");
    auto flag = [&p](const char* key, bool def) {
      auto it = p.find(key);
      return it != p.end() && it->is_boolean() ? it->get<bool>() : def;
    };
    pr.enabled = flag("enabled", true);
    pr.is_domain = flag("is_domain", false);
    if ((filter.name && pr.name != *filter.name) || (filter.domain_id && pr.domain_id != *filter.domain_id) ||
        (filter.parent_id && pr.parent_id != *filter.parent_id) ||
        (filter.enabled && pr.enabled != *filter.enabled) || (filter.is_domain && pr.is_domain != *filter.is_domain)) {
      continue;
    }
    out.push_back(std::move(pr));
  }
  return out;
}

}  // namespace otc::iam
