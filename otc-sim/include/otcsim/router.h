// Method + path-pattern router. Patterns are literal segments and
// "{name}" placeholders, e.g. "/v1/{project_id}/vpcs/{vpc_id}". Matching walks
// a segment trie (literal children win over placeholders), so lookup costs
// O(segments) with no regular expressions. Build the router before serving;
// Match() is then safe from any number of threads.
#ifndef OTCSIM_ROUTER_H_
#define OTCSIM_ROUTER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otcsim/http.h"

namespace otcsim {

using Params = std::vector<std::pair<std::string, std::string>>;

// Value of placeholder `name` in `p`, "" when absent.
std::string_view Param(const Params& p, std::string_view name);

using Handler = std::function<Response(const Request&, const Params&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers `handler` for `method` (upper-case) on `pattern`.
  void Add(std::string_view method, std::string_view pattern, Handler handler);

  enum class Result { kFound, kNoPath, kNoMethod };
  // Looks up the decoded segments of `path`. On kFound *handler points at the
  // registered handler (owned by the router) and *params holds the values.
  Result Match(std::string_view method, std::string_view path, const Handler** handler, Params* params) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace otcsim

#endif  // OTCSIM_ROUTER_H_
