#include "otc/paginate.h"

#include <set>

#include "url.h"

namespace otc {
namespace {

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

void SetQuery(Request& req, const std::string& key, const std::string& value) {
  for (auto& [k, v] : req.query) {
    if (k == key) {
      v = value;
      return;
    }
  }
  req.query.emplace_back(key, value);
}

}  // namespace

Result<std::vector<json>> ListAll(const framework::Context& ctx, Client& client, Request req,
                                  const PageOptions& opts) {
  std::vector<json> out;
  std::set<std::string> seen;  // markers / URLs already requested
  std::string origin;
  int offset = 0;
  int page_no = 1;
  if (opts.limit > 0) {
    SetQuery(req, opts.style == PageStyle::kPageNo ? "page_size" : "limit", std::to_string(opts.limit));
  }
  if (opts.style == PageStyle::kOffset) SetQuery(req, "offset", "0");
  if (opts.style == PageStyle::kPageNo) SetQuery(req, "page_no", "1");
  for (int page = 0; page < 10000; ++page) {
    auto r = client.Do(ctx, req);
    if (!r.ok()) return r.error();
    if (origin.empty()) {
      auto ep = req.service.empty() ? Result<std::string>(req.path) : client.Endpoint(ctx, req.service);
      internal::UrlParts u;
      if (ep.ok() && internal::ParseUrl(ep.value(), &u)) origin = u.Origin();
    }
    json body = r->Json();
    auto items = body.is_object() ? body.find(opts.items_key) : body.end();
    if (!body.is_object() || items == body.end() || !items->is_array()) {
      return Error(ErrorKind::kDecode, "the list response has no \"" + opts.items_key + "\" array")
          .set_what(req.what)
          .set_request(req.method, req.path);
    }
    std::size_t n = items->size();
    for (auto& it : *items) out.push_back(std::move(it));

    std::string next_url, next_marker;
    switch (opts.style) {
      case PageStyle::kLinks: {
        auto links = body.find(opts.items_key + "_links");
        if (links != body.end() && links->is_array()) {
          for (const auto& l : *links) {
            if (Str(l, "rel") == "next") next_url = Str(l, "href");
          }
        }
        if (next_url.empty() && opts.limit > 0 && n == static_cast<std::size_t>(opts.limit) && n > 0) {
          next_marker = Str(out.back(), "id");
        }
        break;
      }
      case PageStyle::kLinksNext: {
        auto links = body.find("links");
        if (links != body.end() && links->is_object()) next_url = Str(*links, "next");
        break;
      }
      case PageStyle::kPageInfo: {
        auto pi = body.find("page_info");
        if (pi != body.end() && pi->is_object()) next_marker = Str(*pi, "next_marker");
        break;
      }
      case PageStyle::kOffset: {
        offset += static_cast<int>(n);
        int64_t total = body.value("total_count", static_cast<int64_t>(-1));
        bool more = n > 0 && (total >= 0 ? offset < total : (opts.limit > 0 && n == static_cast<std::size_t>(opts.limit)));
        if (!more) return out;
        SetQuery(req, "offset", std::to_string(offset));
        continue;
      }
      case PageStyle::kPageNo: {
        if (n == 0 || opts.limit <= 0 || n < static_cast<std::size_t>(opts.limit)) return out;
        SetQuery(req, "page_no", std::to_string(++page_no));
        continue;
      }
    }
    if (!next_url.empty()) {
      internal::UrlParts u;
      if (!internal::ParseUrl(next_url, &u) || (!origin.empty() && u.Origin() != origin)) {
        return Error(ErrorKind::kDecode, "the next-page link points to another host (" +
                                             (u.host.empty() ? std::string("unparseable") : u.Origin()) +
                                             "); not following it with the credentials")
            .set_what(req.what);
      }
      if (!seen.insert(next_url).second) {
        return Error(ErrorKind::kDecode, "the service returned the same next-page link twice").set_what(req.what);
      }
      req.service.clear();
      req.path = next_url;
      req.query.clear();
      continue;
    }
    if (!next_marker.empty()) {
      if (!seen.insert(next_marker).second) {
        return Error(ErrorKind::kDecode, "the service returned the same page marker twice").set_what(req.what);
      }
      SetQuery(req, "marker", next_marker);
      continue;
    }
    return out;
  }
  return Error(ErrorKind::kDecode, "more than 10000 pages").set_what(req.what);
}

}  // namespace otc
