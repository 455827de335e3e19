#include "otcsim/router.h"

namespace otcsim {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literal;
  std::unique_ptr<Node> param;
  struct Route {
    std::string method;
    std::vector<std::string> names;  // placeholder names of this pattern, in order
    Handler handler;
  };
  std::vector<Route> handlers;
};

namespace {

// Splits "/a/b/" into {"a","b"}; empty segments (from "//" or a trailing
// "/") are dropped so "/v3/" matches "/v3".
template <typename F>
void ForEachSegment(std::string_view path, F&& f) {
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) {
      if (!f(path.substr(i, j - i))) return;
    }
    i = j + 1;
  }
}

}  // namespace

std::string_view Param(const Params& p, std::string_view name) {
  for (const auto& [k, v] : p) {
    if (k == name) return v;
  }
  return {};
}

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(std::string_view method, std::string_view pattern, Handler handler) {
  Node* n = root_.get();
  std::vector<std::string> names;
  ForEachSegment(pattern, [&](std::string_view seg) {
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      if (!n->param) n->param = std::make_unique<Node>();
      names.emplace_back(seg.substr(1, seg.size() - 2));
      n = n->param.get();
    } else {
      auto it = n->literal.find(seg);
      if (it == n->literal.end()) it = n->literal.emplace(std::string(seg), std::make_unique<Node>()).first;
      n = it->second.get();
    }
    return true;
  });
  n->handlers.push_back(Node::Route{std::string(method), std::move(names), std::move(handler)});
}

Router::Result Router::Match(std::string_view method, std::string_view path, const Handler** handler,
                             Params* params) const {
  // Depth-first so that a literal dead end can fall back to a placeholder.
  std::vector<std::string> segs;
  ForEachSegment(path, [&](std::string_view s) {
    segs.push_back(percent_decode(s));
    return true;
  });
  const Node* found = nullptr;
  std::vector<std::string> acc;
  std::function<bool(const Node*, std::size_t)> walk = [&](const Node* n, std::size_t i) -> bool {
    if (i == segs.size()) {
      if (n->handlers.empty()) return false;
      found = n;
      return true;
    }
    auto it = n->literal.find(segs[i]);
    if (it != n->literal.end() && walk(it->second.get(), i + 1)) return true;
    if (n->param) {
      acc.push_back(segs[i]);
      if (walk(n->param.get(), i + 1)) return true;
      acc.pop_back();
    }
    return false;
  };
  if (!walk(root_.get(), 0)) return Result::kNoPath;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& route : found->handlers) {
      if (pass == 0 ? route.method == method : (method == "HEAD" && route.method == "GET")) {
        *handler = &route.handler;
        params->clear();
        for (std::size_t i = 0; i < acc.size() && i < route.names.size(); ++i) {
          params->emplace_back(route.names[i], std::move(acc[i]));
        }
        return Result::kFound;
      }
    }
  }
  return Result::kNoMethod;
}

}  // namespace otcsim
