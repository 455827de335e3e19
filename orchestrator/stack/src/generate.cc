// stack generate (generate.h).
#include "stack/generate.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "source/source.h"

namespace stack {
namespace {

namespace fs = std::filesystem;

// Files a unit's runs leave in its directory; kept across regeneration.
constexpr const char* kRuntimeEntries[] = {".terragrunt-cache", ".terraform", "terraform.tfstate",
                                           "terraform.tfstate.backup", ".terraform.lock.hcl"};

bool SkippedDir(const std::string& name) {
  return name == ".git" || name == ".terraform" || name == ".terragrunt-cache";
}

bool IsTempName(const std::string& name) { return !name.empty() && name[0] == '.' && name.find(".tmp-") != std::string::npos; }

// `p` relative to `base` when p is inside base, else nullopt.
std::optional<fs::path> RelativeInside(const fs::path& p, const fs::path& base) {
  fs::path rel = p.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel;
}

std::string Display(const fs::path& p, const fs::path& wd) {
  std::optional<fs::path> rel = RelativeInside(p, wd);
  if (!rel) return p.string();
  return *rel == "." ? "." : rel->string();
}

hcl::Diagnostic Diag(hcl::Severity sev, std::string summary, std::string detail, std::optional<hcl::Range> subject) {
  hcl::Diagnostic d;
  d.severity = sev;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.subject = std::move(subject);
  return d;
}

hcl::Range FileRange(const fs::path& file) {
  hcl::Range r;
  r.filename = file.string();
  return r;
}

// Directories under `root` (relative) holding terragrunt.hcl(.json) or
// terragrunt.stack.hcl.
void ScanComponents(const fs::path& root, const fs::path& rel, std::set<fs::path>* out) {
  std::error_code ec;
  const fs::path dir = rel.empty() ? root : root / rel;
  if (fs::exists(dir / "terragrunt.hcl", ec) || fs::exists(dir / "terragrunt.hcl.json", ec) ||
      fs::exists(dir / config::kStackFileName, ec)) {
    if (!rel.empty()) out->insert(rel);
  }
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!it->is_directory(ec) || it->is_symlink(ec) || SkippedDir(name) || IsTempName(name)) continue;
    ScanComponents(root, rel.empty() ? fs::path(name) : rel / name, out);
  }
}

bool MakeTempDir(const fs::path& near, fs::path* out, std::string* error) {
  std::error_code ec;
  fs::create_directories(near.parent_path(), ec);
  std::string tmpl = (near.parent_path() / ("." + near.filename().string() + ".tmp-XXXXXX")).string();
  if (near.filename() == config::kStackDirName) tmpl = near.string() + ".tmp-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    *error = "cannot create a temporary directory beside " + near.string() + ": " + std::strerror(errno);
    return false;
  }
  *out = tmpl;
  return true;
}

// Moves the contents of `from` into `to`, entry by entry (files replace
// files atomically; directories are merged).
bool MergeInto(const fs::path& from, const fs::path& to, std::string* error) {
  std::error_code ec;
  fs::create_directories(to, ec);
  for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path target = to / it->path().filename();
    const bool src_dir = it->is_directory(ec) && !it->is_symlink(ec);
    const fs::file_status dst = fs::symlink_status(target, ec);
    if (src_dir && fs::is_directory(dst)) {
      if (!MergeInto(it->path(), target, error)) return false;
      continue;
    }
    if (fs::exists(dst) && (src_dir || fs::is_directory(dst))) fs::remove_all(target, ec);
    if (std::rename(it->path().c_str(), target.c_str()) != 0) {
      *error = "cannot move " + it->path().string() + " to " + target.string() + ": " + std::strerror(errno);
      return false;
    }
  }
  if (ec) {
    *error = "cannot read " + from.string() + ": " + ec.message();
    return false;
  }
  return true;
}

void RunParallel(size_t n, int workers, const std::function<void(size_t)>& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  size_t w = std::min<size_t>(n, static_cast<size_t>(std::max(1, workers)));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < w; ++i) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

struct Job {
  std::shared_ptr<const config::StackFile> owner;
  const config::StackComponent* comp = nullptr;
  fs::path physical;
  // Results.
  std::shared_ptr<const config::StackFile> nested;
  hcl::Diagnostics diags;
};

// Generation of one root stack file.
class RootGeneration {
 public:
  RootGeneration(const GenerateOptions& o, source::Fetcher* f, GenerateReport* r)
      : opts_(o), fetcher_(f), report_(r) {}
  ~RootGeneration() { Cleanup(); }

  // Generates and commits; false (with diagnostics in the report) on error.
  bool Run(const fs::path& stack_file, std::set<fs::path>* generated_dirs);

 private:
  fs::path Physical(const fs::path& logical) const;
  fs::path Logical(const fs::path& physical) const;
  void RunJob(Job* job);
  bool Commit(const std::set<fs::path>& new_components);
  void FixUpAndReport(hcl::Diagnostics* diags);
  void Cleanup();
  bool Cancelled() const { return opts_.cancel != nullptr && opts_.cancel->load(); }

  const GenerateOptions& opts_;
  source::Fetcher* fetcher_;
  GenerateReport* report_;
  fs::path root_file_, root_dir_, stack_dir_, tmp_root_;
  std::vector<std::pair<fs::path, fs::path>> maps_;     // logical -> physical
  std::vector<std::pair<fs::path, fs::path>> no_dot_;   // temp -> final (root level)
};

fs::path RootGeneration::Physical(const fs::path& logical) const {
  const std::pair<fs::path, fs::path>* best = nullptr;
  size_t best_len = 0;
  for (const auto& m : maps_) {
    if (RelativeInside(logical, m.first) || logical == m.first) {
      size_t len = m.first.string().size();
      if (best == nullptr || len > best_len) {
        best = &m;
        best_len = len;
      }
    }
  }
  if (best == nullptr) return logical;
  fs::path rel = logical.lexically_relative(best->first);
  return rel == "." ? best->second : best->second / rel;
}

fs::path RootGeneration::Logical(const fs::path& physical) const {
  const std::pair<fs::path, fs::path>* best = nullptr;
  size_t best_len = 0;
  for (const auto& m : maps_) {
    if (RelativeInside(physical, m.second) || physical == m.second) {
      size_t len = m.second.string().size();
      if (best == nullptr || len > best_len) {
        best = &m;
        best_len = len;
      }
    }
  }
  if (best == nullptr) return physical;
  fs::path rel = physical.lexically_relative(best->second);
  return rel == "." ? best->first : best->first / rel;
}

void RootGeneration::RunJob(Job* job) {
  const config::StackComponent& c = *job->comp;
  const std::string what = std::string(c.KindName()) + " \"" + c.name + "\"";
  if (Cancelled()) {
    job->diags.Add(Diag(hcl::Severity::kError, "Interrupted", "stack generate was interrupted before " + what +
                        " was generated; nothing was changed.", c.def_range));
    return;
  }
  source::Source src;
  std::string error;
  const fs::path base = job->owner->file.parent_path();  // physical directory of the stack file
  bool ok = source::ParseSource(c.source, base, &src, &error) && fetcher_->Fetch(src, job->physical, &error);
  if (!ok) {
    job->diags.Add(Diag(hcl::Severity::kError, "Failed to fetch " + std::string(c.KindName()),
                        "failed to fetch " + std::string(c.KindName()) + " " + c.name + ": source \"" +
                            source::RedactURL(c.source) + "\": " + error +
                            ". Fix the source (relative paths are resolved against " +
                            Logical(base).string() + ").",
                        c.source_range));
    return;
  }
  const bool is_unit = c.kind == config::ComponentKind::kUnit;
  std::error_code ec;
  const bool valid = is_unit ? (fs::exists(job->physical / "terragrunt.hcl", ec) ||
                                fs::exists(job->physical / "terragrunt.hcl.json", ec))
                             : fs::exists(job->physical / config::kStackFileName, ec);
  if (!valid && !c.no_validation && !c.no_dot_terragrunt_stack) {
    const std::string want = is_unit ? "terragrunt.hcl" : config::kStackFileName;
    std::string msg = "the " + what + " source \"" + source::RedactURL(c.source) + "\" has no " + want +
                      " at its root, so " + c.target_dir.string() + " is not a " + c.KindName();
    if (opts_.no_stack_validate) {
      job->diags.Add(Diag(hcl::Severity::kWarning, "Generated " + std::string(c.KindName()) + " is not valid",
                          msg + " (generated anyway: --no-stack-validate).", c.source_range));
    } else {
      job->diags.Add(Diag(hcl::Severity::kError, "Generated " + std::string(c.KindName()) + " is not valid",
                          msg + ". Point source at a directory with " + want +
                              ", set no_validation = true on the block, or run with --no-stack-validate.",
                          c.source_range));
      return;
    }
  }
  if (!c.values.IsNull() && !config::WriteValuesFile(job->physical, c.values, &error)) {
    job->diags.Add(Diag(hcl::Severity::kError, "Cannot write values",
                        "cannot write the values of " + what + ": " + error + ".", c.def_range));
    return;
  }
  if (!is_unit && valid) {
    config::StackParseOptions po = opts_.parse;
    po.logical_dir = c.target_dir;
    config::StackParseResult r = config::ParseStackFile(job->physical / config::kStackFileName, po);
    job->diags.Append(std::move(r.diags));
    job->nested = std::move(r.stack);
  }
}

void RootGeneration::FixUpAndReport(hcl::Diagnostics* diags) {
  auto fix = [&](std::optional<hcl::Range>& r) {
    if (!r || r->filename.empty()) return;
    const fs::path phys = r->filename.str();
    const fs::path logical = Logical(phys);
    if (report_->sources.count(logical.string()) == 0) {
      std::ifstream in(phys, std::ios::binary);
      std::ostringstream buf;
      if (in) buf << in.rdbuf();
      report_->sources[logical.string()] = buf.str();
    }
    r->filename = logical.string();
  };
  for (const hcl::Diagnostic& d0 : *diags) {
    hcl::Diagnostic d = d0;
    fix(d.subject);
    fix(d.context);
    report_->diags.Add(std::move(d));
  }
  *diags = hcl::Diagnostics();
}

void RootGeneration::Cleanup() {
  std::error_code ec;
  if (!tmp_root_.empty()) fs::remove_all(tmp_root_, ec);
  tmp_root_.clear();
  for (const auto& [tmp, final_dir] : no_dot_) fs::remove_all(tmp, ec);
  no_dot_.clear();
}

bool RootGeneration::Commit(const std::set<fs::path>& new_components) {
  std::error_code ec;
  std::set<fs::path> old_components;
  const bool old_exists = fs::is_directory(stack_dir_, ec);
  if (old_exists) ScanComponents(stack_dir_, {}, &old_components);
  std::vector<fs::path> removed;
  for (const fs::path& rel : old_components) {
    if (new_components.count(rel) != 0) continue;
    // Only report the top-most removed directories' contents once each.
    removed.push_back(stack_dir_ / rel);
  }
  for (const fs::path& dir : removed) {
    if (fs::exists(dir / "terraform.tfstate", ec) && !opts_.source_update) {
      report_->diags.Add(Diag(hcl::Severity::kError, "Removed unit holds local state",
                              Display(dir, opts_.working_dir) + " is no longer generated by " +
                                  Display(root_file_, opts_.working_dir) +
                                  " but holds local state (terraform.tfstate). Destroy its resources (or move the "
                                  "state) and generate again, or run with --source-update to discard it. Nothing "
                                  "was changed.",
                              FileRange(root_file_)));
      return false;
    }
  }
  // Carry runtime files of units that stay over into the new tree.
  std::vector<std::pair<fs::path, fs::path>> carried;  // new place -> old place
  if (old_exists && !opts_.source_update) {
    for (const fs::path& rel : new_components) {
      if (old_components.count(rel) == 0) continue;
      for (const char* entry : kRuntimeEntries) {
        const fs::path from = stack_dir_ / rel / entry;
        const fs::path to = tmp_root_ / rel / entry;
        if (!fs::exists(fs::symlink_status(from, ec)) || fs::exists(fs::symlink_status(to, ec))) continue;
        if (std::rename(from.c_str(), to.c_str()) == 0) carried.emplace_back(to, from);
      }
    }
  }
  auto undo_carry = [&] {
    for (const auto& [to, from] : carried) std::rename(to.c_str(), from.c_str());
  };
  const bool empty = fs::is_empty(tmp_root_, ec);
  if (empty) {
    fs::remove_all(tmp_root_, ec);
    tmp_root_.clear();
    if (old_exists) fs::remove_all(stack_dir_, ec);
  } else if (old_exists) {
    if (renameat2(AT_FDCWD, tmp_root_.c_str(), AT_FDCWD, stack_dir_.c_str(), RENAME_EXCHANGE) != 0) {
      // Without RENAME_EXCHANGE: move the old tree aside, then the new one in.
      const fs::path aside = stack_dir_.string() + ".tmp-old-" + std::to_string(getpid());
      if (std::rename(stack_dir_.c_str(), aside.c_str()) != 0 ||
          std::rename(tmp_root_.c_str(), stack_dir_.c_str()) != 0) {
        int saved = errno;
        if (!fs::exists(stack_dir_, ec)) std::rename(aside.c_str(), stack_dir_.c_str());
        undo_carry();
        report_->diags.Add(Diag(hcl::Severity::kError, "Cannot replace stack directory",
                                "cannot move the generated tree into " + stack_dir_.string() + ": " +
                                    std::strerror(saved) + ". The previous tree was left in place.",
                                FileRange(root_file_)));
        return false;
      }
      fs::remove_all(aside, ec);
    } else {
      fs::remove_all(tmp_root_, ec);  // now holds the old tree
    }
    tmp_root_.clear();
  } else {
    if (std::rename(tmp_root_.c_str(), stack_dir_.c_str()) != 0) {
      report_->diags.Add(Diag(hcl::Severity::kError, "Cannot create stack directory",
                              "cannot move the generated tree into " + stack_dir_.string() + ": " +
                                  std::strerror(errno) + ".",
                              FileRange(root_file_)));
      return false;
    }
    tmp_root_.clear();
  }
  for (const auto& [tmp, final_dir] : no_dot_) {
    std::string error;
    if (!MergeInto(tmp, final_dir, &error)) {
      report_->diags.Add(Diag(hcl::Severity::kError, "Cannot write component", error + ".", FileRange(root_file_)));
      return false;
    }
    fs::remove_all(tmp, ec);
  }
  no_dot_.clear();
  for (const fs::path& r : removed) report_->removed.push_back(r);
  return true;
}

bool RootGeneration::Run(const fs::path& stack_file, std::set<fs::path>* generated_dirs) {
  root_file_ = stack_file;
  root_dir_ = stack_file.parent_path();
  stack_dir_ = root_dir_ / config::kStackDirName;
  if (opts_.info) opts_.info("Generating stack from " + Display(stack_file, opts_.working_dir));

  config::StackParseResult root = config::ParseStackFile(stack_file, opts_.parse);
  hcl::Diagnostics diags = std::move(root.diags);
  if (!root.stack) {
    FixUpAndReport(&diags);
    return false;
  }
  std::string error;
  if (!MakeTempDir(stack_dir_, &tmp_root_, &error)) {
    diags.Add(Diag(hcl::Severity::kError, "Cannot generate stack", error + ".", FileRange(stack_file)));
    FixUpAndReport(&diags);
    return false;
  }
  maps_.emplace_back(stack_dir_, tmp_root_);

  std::vector<std::shared_ptr<const config::StackFile>> level = {root.stack};
  std::vector<std::shared_ptr<const config::StackFile>> keep;  // components point into these
  std::set<fs::path> new_components;                            // relative to stack_dir_
  std::vector<fs::path> generated;
  size_t enabled_count = 0;
  for (int depth = 0; !level.empty(); ++depth) {
    if (depth >= kMaxLevels) {
      diags.Add(Diag(hcl::Severity::kError, "Stack nesting too deep",
                     "cycle detected: maximum level (" + std::to_string(kMaxLevels) +
                         ") exceeded; a stack's source probably contains the stack itself.",
                     FileRange(stack_file)));
      break;
    }
    std::vector<Job> jobs;
    for (const auto& s : level) {
      keep.push_back(s);
      for (const auto* list : {&s->units, &s->stacks}) {
        for (const config::StackComponent& c : *list) {
          if (!c.enabled) continue;
          Job j;
          j.owner = s;
          j.comp = &c;
          if (depth == 0 && c.no_dot_terragrunt_stack) {
            fs::path tmp;
            if (!MakeTempDir(c.target_dir, &tmp, &error)) {
              diags.Add(Diag(hcl::Severity::kError, "Cannot generate stack", error + ".", c.def_range));
              continue;
            }
            no_dot_.emplace_back(tmp, c.target_dir);
            maps_.emplace_back(c.target_dir, tmp);
          }
          j.physical = Physical(c.target_dir);
          jobs.push_back(std::move(j));
        }
      }
    }
    if (diags.HasErrors()) break;
    enabled_count += jobs.size();
    int workers = opts_.parallelism > 0 ? opts_.parallelism : static_cast<int>(std::thread::hardware_concurrency());
    RunParallel(jobs.size(), workers, [&](size_t i) { RunJob(&jobs[i]); });
    std::vector<std::shared_ptr<const config::StackFile>> next;
    for (Job& j : jobs) {
      diags.Append(std::move(j.diags));
      if (j.nested) {
        if (opts_.info) opts_.info("Generating stack from " + Display(j.nested->dir / config::kStackFileName, opts_.working_dir));
        next.push_back(j.nested);
      }
      generated.push_back(j.comp->target_dir);
      if (std::optional<fs::path> rel = RelativeInside(j.comp->target_dir, stack_dir_)) new_components.insert(*rel);
    }
    if (diags.HasErrors()) break;
    level = std::move(next);
  }
  if (enabled_count == 0 && !diags.HasErrors() && opts_.info) {
    opts_.info("Nothing to generate from " + Display(stack_file, opts_.working_dir));
  }
  if (Cancelled()) {
    diags.Add(Diag(hcl::Severity::kError, "Interrupted",
                   "stack generate was interrupted; nothing was changed.", FileRange(stack_file)));
  }
  // Paths inside the temporary trees are shown as their final paths.
  FixUpAndReport(&diags);
  if (report_->diags.HasErrors()) return false;
  if (!Commit(new_components)) return false;
  for (const fs::path& g : generated) {
    report_->generated.push_back(g);
    generated_dirs->insert(g);
  }
  return true;
}

void FindStackFilesIn(const fs::path& dir, std::vector<fs::path>* out) {
  std::error_code ec;
  if (fs::exists(dir / config::kStackFileName, ec)) out->push_back(dir / config::kStackFileName);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (SkippedDir(name) || name == config::kStackDirName || IsTempName(name)) continue;
    FindStackFilesIn(it->path(), out);
  }
}

}  // namespace

std::vector<std::filesystem::path> FindStackFiles(const std::filesystem::path& dir) {
  std::vector<fs::path> out;
  FindStackFilesIn(dir, &out);
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) {
    auto depth = [](const fs::path& p) { return std::distance(p.begin(), p.end()); };
    if (depth(a) != depth(b)) return depth(a) < depth(b);
    return a < b;
  });
  return out;
}

GenerateReport Generate(const GenerateOptions& options) {
  GenerateReport report;
  source::FetchOptions fo;
  fo.cache_dir = source::CacheDir(options.download_dir, options.parse.getenv);
  fo.update = options.source_update;
  source::Fetcher fetcher(fo);
  std::set<fs::path> generated_dirs;
  for (const fs::path& file : FindStackFiles(options.working_dir)) {
    bool inside_generated = false;
    for (const fs::path& g : generated_dirs) {
      if (RelativeInside(file.parent_path(), g) || file.parent_path() == g) inside_generated = true;
    }
    if (inside_generated) continue;  // generated (and its stacks) by its parent just now
    report.stack_files.push_back(file);
    RootGeneration gen(options, &fetcher, &report);
    if (!gen.Run(file, &generated_dirs)) break;
  }
  std::sort(report.generated.begin(), report.generated.end());
  std::sort(report.removed.begin(), report.removed.end());
  return report;
}

CleanReport Clean(const std::filesystem::path& dir) {
  CleanReport report;
  std::error_code ec;
  std::vector<fs::path> stack;
  stack.push_back(dir);
  while (!stack.empty()) {
    fs::path d = stack.back();
    stack.pop_back();
    std::vector<fs::path> children;
    for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
      if (name == config::kStackDirName || name.rfind(std::string(config::kStackDirName) + ".tmp-", 0) == 0) {
        std::error_code rec;
        fs::remove_all(it->path(), rec);
        if (rec) {
          report.errors.push_back("cannot delete " + it->path().string() + ": " + rec.message());
        } else {
          report.deleted.push_back(it->path());
        }
        continue;
      }
      if (SkippedDir(name)) continue;
      children.push_back(it->path());
    }
    if (ec) {
      report.errors.push_back("cannot read directory " + d.string() + ": " + ec.message());
      ec.clear();
    }
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
  }
  std::sort(report.deleted.begin(), report.deleted.end());
  return report;
}

}  // namespace stack
