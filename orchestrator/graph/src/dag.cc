#include "graph/dag.h"

#include <algorithm>
#include <functional>
#include <set>

namespace graph {

std::optional<Dag> Dag::Build(std::vector<Unit> units, const BuildOptions& options, std::string* error) {
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.path < b.path; });
  Dag g;
  for (auto& u : units) {
    if (g.by_dir_.count(u.dir)) {
      *error = "unit " + u.path + " (" + u.dir.string() + ") was given twice";
      return std::nullopt;
    }
    g.by_dir_.emplace(u.dir, g.nodes_.size());
    g.nodes_.push_back(Node{std::move(u), {}});
  }
  for (auto& n : g.nodes_) {
    std::set<size_t> deps;
    for (size_t k = 0; k < n.unit.dependencies.size(); ++k) {
      const auto& d = n.unit.dependencies[k];
      auto it = g.by_dir_.find(d);
      if (it == g.by_dir_.end()) {
        std::string where = k < n.unit.declared_at.size() ? " (declared at " + n.unit.declared_at[k] + ")" : "";
        *error = "unit " + n.unit.path + " depends on " + d.string() + where +
                 ", which is not a unit (no terragrunt.hcl there): fix the path in the dependency or "
                 "dependencies block";
        return std::nullopt;
      }
      if (it->second == static_cast<size_t>(&n - g.nodes_.data())) {
        *error = "unit " + n.unit.path + " depends on itself: remove the dependency on its own directory";
        return std::nullopt;
      }
      const Node& target = g.nodes_[it->second];
      if (target.unit.external && !options.include_external) continue;  // assumed applied
      deps.insert(it->second);
    }
    n.deps.assign(deps.begin(), deps.end());  // node indices follow path order
  }
  // Cycle detection: depth-first with colours, reporting the first cycle.
  std::vector<int> colour(g.nodes_.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<size_t> stack;
  std::function<bool(size_t)> visit = [&](size_t i) {
    colour[i] = 1;
    stack.push_back(i);
    for (size_t d : g.nodes_[i].deps) {
      if (colour[d] == 1) {
        auto from = std::find(stack.begin(), stack.end(), d);
        std::string cycle;
        for (auto it = from; it != stack.end(); ++it) cycle += g.nodes_[*it].unit.path + " -> ";
        cycle += g.nodes_[d].unit.path;
        *error = "Found a dependency cycle between modules: " + cycle +
                 ": break the cycle by removing one of these dependency blocks";
        return false;
      }
      if (colour[d] == 0 && !visit(d)) return false;
    }
    stack.pop_back();
    colour[i] = 2;
    return true;
  };
  for (size_t i = 0; i < g.nodes_.size(); ++i) {
    if (colour[i] == 0 && !visit(i)) return std::nullopt;
  }
  return g;
}

std::optional<size_t> Dag::Find(const std::filesystem::path& dir) const {
  auto it = by_dir_.find(dir);
  if (it == by_dir_.end()) return std::nullopt;
  return it->second;
}

std::vector<size_t> Dag::Order(bool destroy, bool with_excluded) const {
  // Kahn's algorithm level by level; each level sorted by path (node
  // indices are in path order already).
  std::vector<size_t> indegree(nodes_.size(), 0);
  std::vector<std::vector<size_t>> dependents(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (size_t d : nodes_[i].deps) {
      ++indegree[i];
      dependents[d].push_back(i);
    }
  }
  std::vector<size_t> order, level;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (indegree[i] == 0) level.push_back(i);
  }
  while (!level.empty()) {
    std::vector<size_t> next;
    for (size_t i : level) {
      order.push_back(i);
      for (size_t j : dependents[i]) {
        if (--indegree[j] == 0) next.push_back(j);
      }
    }
    std::sort(next.begin(), next.end());
    level = std::move(next);
  }
  if (destroy) std::reverse(order.begin(), order.end());
  if (!with_excluded) {
    order.erase(std::remove_if(order.begin(), order.end(),
                               [this](size_t i) { return nodes_[i].unit.excluded || nodes_[i].unit.external; }),
                order.end());
  }
  return order;
}

std::string Dag::Dot() const {
  std::string out = "digraph {\n";
  for (const auto& n : nodes_) {
    out += "\t\"" + n.unit.path + "\" " + (n.unit.excluded ? "[color=red];\n" : ";\n");
    for (size_t d : n.deps) out += "\t\"" + n.unit.path + "\" -> \"" + nodes_[d].unit.path + "\";\n";
  }
  out += "}\n";
  return out;
}

std::vector<size_t> Dag::Dependents(size_t i) const {
  std::vector<std::vector<size_t>> rev(nodes_.size());
  for (size_t k = 0; k < nodes_.size(); ++k) {
    for (size_t d : nodes_[k].deps) rev[d].push_back(k);
  }
  std::vector<bool> seen(nodes_.size(), false);
  std::vector<size_t> todo = {i}, out;
  while (!todo.empty()) {
    size_t k = todo.back();
    todo.pop_back();
    for (size_t j : rev[k]) {
      if (!seen[j]) {
        seen[j] = true;
        out.push_back(j);
        todo.push_back(j);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace graph
