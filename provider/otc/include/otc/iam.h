// Typed IAM calls (api.md 1). Authentication itself lives in Client.
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_IAM_H_
#define EDP_PROVIDER_OTC_IAM_H_

#include <string>
#include <vector>

#include "otc/client.h"

namespace otc::iam {

struct Project {
  std::string id, name, domain_id, description;
  bool enabled = true;
};

// GET /v3/auth/catalog (follows links.next).
Result<std::vector<CatalogEndpoint>> GetCatalog(const framework::Context& ctx, Client& client);
// GET /v3/projects?name=<name> (all projects when name is empty).
Result<std::vector<Project>> ListProjects(const framework::Context& ctx, Client& client,
                                          const std::string& name);
// Parses a Keystone catalog array into endpoints.
std::vector<CatalogEndpoint> ParseCatalog(const json& catalog);

}  // namespace otc::iam

#endif  // EDP_PROVIDER_OTC_IAM_H_
