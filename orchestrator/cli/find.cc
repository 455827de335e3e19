#include "cli/find.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "discovery/discovery.h"
#include "graph/dag.h"
#include "hcl/diagnostic.h"
#include "nlohmann/json.hpp"
#include "stack/generate.h"

namespace edp::stack {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  std::optional<graph::Dag> dag;
  fs::path root;
  std::vector<std::string> stacks;  // stack directories, relative to root
};

std::string Where(const hcl::Range& r) {
  if (r.filename.empty()) return "";
  return std::string(r.filename.str()) + ":" + std::to_string(r.start.line) + ":" + std::to_string(r.start.column);
}

bool UnderRoot(const fs::path& dir, const fs::path& root) {
  std::string rel = dir.lexically_relative(root).generic_string();
  return !rel.empty() && rel.rfind("..", 0) != 0;
}

// Discovery, parsing and the DAG; prints errors and returns nullopt on failure.
std::optional<Loaded> Load(const FindOptions& o, std::ostream& err) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(fs::absolute(o.working_dir.empty() ? "." : o.working_dir, ec), ec);
  if (!o.no_generate && !::stack::FindStackFiles(root).empty()) {
    ::stack::GenerateOptions go;
    go.working_dir = root;
    go.parallelism = o.parallelism;
    auto rep = ::stack::Generate(go);
    if (!rep.ok()) {
      auto lookup = [&rep](const std::string& name) -> std::string_view {
        auto it = rep.sources.find(name);
        return it == rep.sources.end() ? std::string_view() : std::string_view(it->second);
      };
      err << hcl::RenderDiagnostics(rep.diags, lookup);
      return std::nullopt;
    }
  }
  auto found = discovery::Discover({root, "terragrunt.hcl", o.hidden});
  if (!found.errors.empty()) {
    for (const auto& e : found.errors) err << "edp-stack: " << e << "\n";
    return std::nullopt;
  }

  config::LoadOptions lo;
  lo.discovery = true;
  lo.working_dir = root;
  lo.terraform_command = o.construct_as.empty() ? "plan" : o.construct_as;
  config::Loader loader(lo);

  // Units to parse: the discovered ones, then external dependencies found
  // along the way (only followed with --queue-include-external/--external).
  std::vector<fs::path> dirs;
  std::vector<std::string> stacks;
  for (const auto& c : found.components) {
    if (c.kind == discovery::Kind::kUnit) dirs.push_back(c.dir);
    if (c.kind == discovery::Kind::kStack) stacks.push_back(c.path);
  }
  std::map<fs::path, graph::Unit> units;
  std::mutex mu;
  bool failed = false;
  std::string errors;
  auto parse = [&](const std::vector<fs::path>& batch) {
    std::atomic<size_t> next{0};
    unsigned n = o.parallelism > 0 ? static_cast<unsigned>(o.parallelism) : std::thread::hardware_concurrency();
    n = std::max(1u, std::min<unsigned>(n, static_cast<unsigned>(batch.size())));
    auto work = [&] {
      for (size_t i; (i = next++) < batch.size();) {
        const fs::path& dir = batch[i];
        config::LoadResult r = loader.LoadUnit(dir / "terragrunt.hcl");
        graph::Unit u;
        u.dir = dir;
        u.path = discovery::RelativePath(dir, root);
        u.external = !UnderRoot(dir, root) && dir != root;
        if (r.config) {
          for (const auto& d : r.config->dependency_blocks) {
            if (!d.Enabled()) continue;
            u.dependencies.push_back(fs::weakly_canonical(d.config_path, ec));
            u.declared_at.push_back(Where(d.range));
          }
          for (const auto& d : r.config->dependencies) {
            fs::path c = fs::weakly_canonical(d, ec);
            if (std::find(u.dependencies.begin(), u.dependencies.end(), c) == u.dependencies.end()) {
              u.dependencies.push_back(c);
            }
          }
          // declared_at may be shorter than dependencies (dependencies.paths).
        }
        std::lock_guard<std::mutex> lock(mu);
        if (!r.config || r.diags.HasErrors()) {
          failed = true;
          // One FILE:LINE:COLUMN: summary line per error, then the snippets.
          for (const auto& d : r.diags) {
            if (d.severity != hcl::Severity::kError) continue;
            errors += (d.subject && !d.subject->filename.empty() ? Where(*d.subject) : dir.string()) + ": " +
                      d.summary + "\n";
          }
          errors += "\n" + hcl::RenderDiagnostics(r.diags, [&loader](const std::string& f) { return loader.Source(f); });
          if (r.diags.empty()) errors += "edp-stack: " + dir.string() + ": the configuration could not be loaded\n";
        }
        units.emplace(dir, std::move(u));
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
  };
  parse(dirs);
  bool follow = o.include_external || o.external;
  for (int round = 0; follow && round < 64; ++round) {
    std::vector<fs::path> more;
    for (const auto& [dir, u] : units) {
      for (const auto& d : u.dependencies) {
        if (!units.count(d) && !UnderRoot(d, root) && fs::is_regular_file(d / "terragrunt.hcl", ec) &&
            std::find(more.begin(), more.end(), d) == more.end()) {
          more.push_back(d);
        }
      }
    }
    if (more.empty()) break;
    parse(more);
  }
  if (failed) {
    err << errors;
    return std::nullopt;
  }
  // External dependencies that were not followed: placeholder nodes, so
  // the graph treats them as applied instead of missing.
  std::vector<graph::Unit> list;
  std::set<fs::path> known;
  for (auto& [dir, u] : units) known.insert(dir);
  for (auto& [dir, u] : units) {
    for (const auto& d : u.dependencies) {
      if (!known.count(d) && !UnderRoot(d, root) && fs::is_regular_file(d / "terragrunt.hcl", ec)) {
        graph::Unit ext;
        ext.dir = d;
        ext.path = discovery::RelativePath(d, root);
        ext.external = true;
        known.insert(d);
        list.push_back(std::move(ext));
      }
    }
  }
  for (auto& [dir, u] : units) {
    bool selected = o.include_dirs.empty();
    for (const auto& g : o.include_dirs) selected = selected || discovery::GlobMatch(g, u.path);
    for (const auto& g : o.exclude_dirs) {
      if (discovery::GlobMatch(g, u.path)) selected = false;
    }
    u.excluded = !selected;
    list.push_back(std::move(u));
  }
  std::string error;
  graph::BuildOptions bo;
  bo.include_external = o.include_external;
  auto dag = graph::Dag::Build(std::move(list), bo, &error);
  if (!dag) {
    err << "edp-stack: " << error << "\n";
    return std::nullopt;
  }
  return Loaded{std::move(dag), root, std::move(stacks)};
}

bool Destroying(const std::string& as) { return as == "destroy"; }

}  // namespace

int RunFind(const FindOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = Load(o, err);
  if (!loaded) return 1;
  const graph::Dag& dag = *loaded->dag;
  std::vector<size_t> order;
  if (o.dag) {
    order = dag.Order(Destroying(o.construct_as), false);
    if (o.external) {
      std::vector<size_t> ext;
      for (size_t i = 0; i < dag.nodes().size(); ++i) {
        if (dag.nodes()[i].unit.external) ext.push_back(i);
      }
      order.insert(order.begin(), ext.begin(), ext.end());
    }
  } else {
    for (size_t i = 0; i < dag.nodes().size(); ++i) {
      const auto& u = dag.nodes()[i].unit;
      if (u.excluded || (u.external && !o.external)) continue;
      order.push_back(i);
    }
  }
  // Stacks are components too (listed by path, type "stack"); they are
  // never run, so the run order (--dag) leaves them out.
  std::vector<std::pair<std::string, size_t>> listed;  // path, node index or npos for a stack
  for (size_t i : order) listed.emplace_back(dag.nodes()[i].unit.path, i);
  if (!o.dag) {
    for (const auto& s : loaded->stacks) listed.emplace_back(s, std::string::npos);
    std::stable_sort(listed.begin(), listed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  auto deps_of = [&](size_t i) {
    std::vector<std::string> d;
    for (size_t k : dag.nodes()[i].deps) d.push_back(dag.nodes()[k].unit.path);
    return d;
  };
  if (o.json) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& [path, i] : listed) {
      nlohmann::ordered_json e;
      e["type"] = i == std::string::npos ? "stack" : "unit";
      e["path"] = path;
      if (o.dependencies) e["dependencies"] = i == std::string::npos ? std::vector<std::string>{} : deps_of(i);
      arr.push_back(std::move(e));
    }
    out << arr.dump(2) << "\n";
    return 0;
  }
  for (const auto& [path, i] : listed) {
    out << path;
    if (o.dependencies && i != std::string::npos) {
      auto d = deps_of(i);
      if (!d.empty()) {
        out << ":";
        for (size_t k = 0; k < d.size(); ++k) out << (k ? ", " : " ") << d[k];
      }
    }
    out << "\n";
  }
  return 0;
}

int RunDagGraph(const FindOptions& o, std::ostream& out, std::ostream& err) {
  auto loaded = Load(o, err);
  if (!loaded) return 1;
  out << loaded->dag->Dot();
  return 0;
}

}  // namespace edp::stack
