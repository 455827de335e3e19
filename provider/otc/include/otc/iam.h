// Typed IAM calls (api.md 1). Authentication itself lives in Client.
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_IAM_H_
#define EDP_PROVIDER_OTC_IAM_H_

#include <optional>
#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::iam {

struct Project {
  std::string id, name, domain_id, parent_id, description;
  bool enabled = true;
  bool is_domain = false;
};

// Filters of GET /v3/projects; unset ones are not sent.
struct ProjectFilter {
  std::optional<std::string> name, domain_id, parent_id;
  std::optional<bool> enabled, is_domain;
};

// GET /v3/auth/catalog (follows links.next).
Result<std::vector<CatalogEndpoint>> GetCatalog(const framework::Context& ctx, Client& client);
// GET /v3/projects?name=<name> (all projects when name is empty).
Result<std::vector<Project>> ListProjects(const framework::Context& ctx, Client& client,
                                          const std::string& name);
// GET /v3/projects with the given filters (all pages). The filters are
// also applied to the answer, so a service that ignores one still yields
// only matching projects.
Result<std::vector<Project>> ListProjects(const framework::Context& ctx, Client& client,
                                          const ProjectFilter& filter);
// Parses a Keystone catalog array into endpoints.
std::vector<CatalogEndpoint> ParseCatalog(const json& catalog);

}  // namespace otc::iam

#endif  // EDP_PROVIDER_OTC_IAM_H_
