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
  Request req;
  req.path = client.IdentityUrl() + "/projects";
  if (!name.empty()) req.query = {{"name", name}};
  req.what = name.empty() ? "listing IAM projects" : "looking up IAM project \"" + name + "\"";
  auto items = ListAll(ctx, client, req, {PageStyle::kLinksNext, "projects", 0});
  if (!items.ok()) return items.error();
  std::vector<Project> out;
  for (const auto& p : items.value()) {
    Project pr;
    pr.id = Str(p, "id");
    pr.name = Str(p, "name");
    pr.domain_id = Str(p, "domain_id");
    pr.description = Str(p, "description");
    pr.enabled = p.value("enabled", true);
    out.push_back(std::move(pr));
  }
  return out;
}

}  // namespace otc::iam
