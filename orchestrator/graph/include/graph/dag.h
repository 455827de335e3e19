// The run queue's dependency graph (features.md 5.3): units as nodes,
// edges from `dependency` blocks and `dependencies.paths` (a unit depends
// on the units it names), cycle detection, the queue order Terragrunt
// prints (`find --dag`), and `dag graph`'s DOT rendering.
//
// Build() takes every discovered unit with the directories it depends on.
// A dependency directory that is not a unit is an error naming the unit and
// the path. A dependency outside the working directory ("external") is
// excluded by default and treated as already applied; with
// include_external it becomes a node of its own (the caller supplies its
// dependencies too, see Unit::external). A cycle is an error naming the
// cycle: "a -> b -> c -> a".
//
// Order(): Kahn levels (a unit comes after everything it depends on), ties
// broken by path; for destroy commands the order is reversed (dependents
// first), as Terragrunt's queue does.
//
// Thread safety: immutable after Build().
#ifndef EDP_ORCHESTRATOR_GRAPH_DAG_H_
#define EDP_ORCHESTRATOR_GRAPH_DAG_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace graph {

struct Unit {
  std::filesystem::path dir;                        // absolute, normalised
  std::string path;                                 // display path (relative to the working dir)
  std::vector<std::filesystem::path> dependencies;  // absolute dirs, as resolved from the config
  // Where each dependency was declared ("prod/app/terragrunt.hcl:12:3"),
  // same order as `dependencies`; may be shorter (then unknown).
  std::vector<std::string> declared_at;
  bool external = false;  // outside the working directory
  bool excluded = false;  // filtered out of the queue (still shown, red in DOT)
};

struct Node {
  Unit unit;
  std::vector<size_t> deps;  // indices of nodes this one depends on, sorted by path
};

struct BuildOptions {
  bool include_external = false;
};

class Dag {
 public:
  // Builds the graph; on error returns nullopt and sets *error.
  static std::optional<Dag> Build(std::vector<Unit> units, const BuildOptions& options, std::string* error);

  const std::vector<Node>& nodes() const { return nodes_; }
  std::optional<size_t> Find(const std::filesystem::path& dir) const;

  // Indices in queue order (see file comment). Excluded nodes are left out
  // unless `with_excluded`.
  std::vector<size_t> Order(bool destroy, bool with_excluded = false) const;

  // `terragrunt dag graph`: digraph with every node sorted by path, its
  // edges sorted by target path, excluded nodes "[color=red]".
  std::string Dot() const;

  // Every node that depends on `i`, directly or not (for --graph and
  // failure propagation).
  std::vector<size_t> Dependents(size_t i) const;

 private:
  std::vector<Node> nodes_;  // sorted by unit.path
  std::map<std::filesystem::path, size_t> by_dir_;
};

}  // namespace graph

#endif  // EDP_ORCHESTRATOR_GRAPH_DAG_H_
