// Pagination over the list styles of api.md 0.8. Each helper sends `req`
// through the client repeatedly and appends every element of the response's
// `items_key` array to the result.
//
//   kLinks       Neutron / VPC v1: "<items>_links":[{"rel":"next","href"}];
//                falls back to marker=<last id> while full pages come back.
//   kLinksNext   DNS / IAM: {"links":{"next":"<url>"}} until absent/null.
//   kPageInfo    ELB v3: page_info.next_marker -> marker= until empty.
//   kOffset      RDS v3: offset/limit until total_count items or a short page.
//   kPageNo      page_no (from 1)/page_size until a short or empty page.
//
// A "next" URL must stay on the scheme/host/port of the first request (the
// credentials are never sent elsewhere); a repeated marker/URL or more than
// 10000 pages ends the listing with an error instead of looping.
//
// Thread safety: as Client::Do.
#ifndef EDP_PROVIDER_OTC_PAGINATE_H_
#define EDP_PROVIDER_OTC_PAGINATE_H_

#include <string>
#include <vector>

#include "otc/client.h"

namespace otc {

enum class PageStyle { kLinks, kLinksNext, kPageInfo, kOffset, kPageNo };

struct PageOptions {
  PageStyle style = PageStyle::kLinks;
  std::string items_key;  // "vpcs", "security_groups", "zones", ...
  int limit = 0;          // page size sent as limit/page_size (0: server default)
};

Result<std::vector<json>> ListAll(const framework::Context& ctx, Client& client, Request req,
                                  const PageOptions& opts);

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_PAGINATE_H_
