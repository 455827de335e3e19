// terragrunt.hcl loading: parse phases (features.md 3.1/3.2), block
// decoding (2) and include merging (3.3). Rendering lives in config_render.cc.
#include "config/config.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <utility>

#include "config/functions.h"
#include "cty/convert.h"
#include "hcl/body.h"
#include "hcl/json.h"
#include "hcl/parse.h"

namespace config {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxLocalsPasses = 1000;

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// An error about a path rather than a place in a file (no snippet).
void PathError(hcl::Diagnostics* d, std::string summary, std::string detail) {
  hcl::Diagnostic x;
  x.summary = std::move(summary);
  x.detail = std::move(detail);
  d->Add(std::move(x));
}

// ---- Files ----

struct SourceFile {
  std::string path;
  std::string src;
  hcl::File file;
  hcl::Diagnostics diags;
  bool missing = false;
};

// ---- Typed attribute access ----

cty::Value Eval(const hcl::Attribute& a, const hcl::EvalContext& ctx, hcl::Diagnostics* d) {
  hcl::Evaluated r = a.expr->Value(&ctx);
  d->Append(std::move(r.diags));
  return r.value;
}

void TypeError(const hcl::Attribute& a, const std::string& want, hcl::Diagnostics* d) {
  d->AddError("Incorrect attribute value type",
              "Inappropriate value for attribute " + Quote(a.name) + ": " + want + " required.",
              a.expr->range(), a.src_range);
}

std::optional<std::string> ToStr(const cty::Value& raw, const hcl::Attribute& a, hcl::Diagnostics* d) {
  cty::Value v = raw.UnmarkDeep();
  if (v.IsNull() || !v.IsKnown()) return std::nullopt;
  auto c = cty::Convert(v, cty::Type::String());
  if (!c.ok() || !c->IsKnown()) {
    TypeError(a, "string", d);
    return std::nullopt;
  }
  return c->AsString();
}

std::optional<bool> ToBool(const cty::Value& raw, const hcl::Attribute& a, hcl::Diagnostics* d) {
  cty::Value v = raw.UnmarkDeep();
  if (v.IsNull() || !v.IsKnown()) return std::nullopt;
  auto c = cty::Convert(v, cty::Type::Bool());  // "true"/"false" strings convert, as Terragrunt accepts
  if (!c.ok() || !c->IsKnown()) {
    TypeError(a, "bool", d);
    return std::nullopt;
  }
  return c->AsBool();
}

std::optional<int> ToInt(const cty::Value& raw, const hcl::Attribute& a, hcl::Diagnostics* d) {
  cty::Value v = raw.UnmarkDeep();
  if (v.IsNull() || !v.IsKnown()) return std::nullopt;
  auto c = cty::Convert(v, cty::Type::Number());
  std::optional<int64_t> i;
  if (c.ok() && c->IsKnown()) i = c->AsNumber().ToInt64();
  if (!i || *i < INT32_MIN || *i > INT32_MAX) {
    TypeError(a, "whole number", d);
    return std::nullopt;
  }
  return static_cast<int>(*i);
}

std::vector<std::string> ToStrList(const cty::Value& raw, const hcl::Attribute& a, hcl::Diagnostics* d) {
  cty::Value v = raw.UnmarkDeep();
  std::vector<std::string> out;
  if (v.IsNull() || !v.IsKnown()) return out;
  auto c = cty::Convert(v, cty::Type::List(cty::Type::String()));
  if (!c.ok() || !c->IsWhollyKnown()) {
    if (!c.ok()) TypeError(a, "list of string", d);
    return out;
  }
  for (const auto& e : c->Elements())
    if (!e.IsNull()) out.push_back(e.AsString());
  return out;
}

std::map<std::string, std::string> ToStrMap(const cty::Value& raw, const hcl::Attribute& a,
                                             hcl::Diagnostics* d) {
  cty::Value v = raw.UnmarkDeep();
  std::map<std::string, std::string> out;
  if (v.IsNull() || !v.IsKnown()) return out;
  auto c = cty::Convert(v, cty::Type::Map(cty::Type::String()));
  if (!c.ok() || !c->IsWhollyKnown()) {
    if (!c.ok()) TypeError(a, "map of string", d);
    return out;
  }
  for (const auto& [k, e] : c->MapElements())
    if (!e.IsNull()) out[k] = e.AsString();
  return out;
}

// An attribute that must be an object/map (inputs, mock_outputs, config).
cty::Value ToObject(const cty::Value& v, const hcl::Attribute& a, hcl::Diagnostics* d) {
  if (v.IsNull() || !v.IsKnown()) return v;
  const cty::Type& t = v.type();
  if (!t.IsObject() && !t.IsMap()) {
    TypeError(a, "object", d);
    return cty::Value::Null(cty::Type::Dynamic());
  }
  return v;
}

// A block body decoded against a schema: attributes by name, nested blocks.
struct Decoded {
  hcl::ContentResult r;
  const hcl::Attribute* Attr(const std::string& n) const {
    auto it = r.content.attributes.find(n);
    return it == r.content.attributes.end() ? nullptr : it->second;
  }
};

Decoded DecodeBody(const hcl::Body& body, const hcl::BodySchema& schema, hcl::Diagnostics* d) {
  Decoded out{hcl::Content(body, schema)};
  d->Append(out.r.diags);
  return out;
}

hcl::BodySchema Schema(std::initializer_list<hcl::AttributeSchema> attrs,
                       std::initializer_list<hcl::BlockHeaderSchema> blocks = {}) {
  hcl::BodySchema s;
  s.attributes = attrs;
  s.blocks = blocks;
  return s;
}

fs::path AbsPath(const std::string& p, const fs::path& base) {
  fs::path x(p);
  if (x.is_relative()) x = base / x;
  return x.lexically_normal();
}

std::string Str(const fs::path& p) {
  std::string s = p.generic_string();
  if (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// ---- Top level ----

const hcl::BodySchema& TopSchema() {
  static const hcl::BodySchema s = Schema(
      {{"inputs"}, {"download_dir"}, {"prevent_destroy"}, {"iam_role"}, {"iam_assume_role_duration"},
       {"iam_assume_role_session_name"}, {"iam_web_identity_token"}, {"terraform_binary"},
       {"terraform_version_constraint"}, {"terragrunt_version_constraint"}, {"remote_state"}, {"generate"}},
      {{"terraform", {}}, {"remote_state", {}}, {"include", {"name"}}, {"locals", {}}, {"dependency", {"name"}},
       {"dependencies", {}}, {"generate", {"name"}}, {"feature", {"name"}}, {"exclude", {}}, {"errors", {}},
       {"engine", {}}, {"catalog", {}}});
  return s;
}

struct Top {
  std::map<std::string, const hcl::Attribute*> attrs;
  std::vector<const hcl::Block*> blocks;  // source order
  std::shared_ptr<const hcl::MaterializedItems> owned;
  std::vector<const hcl::Block*> Of(const std::string& type) const {
    std::vector<const hcl::Block*> out;
    for (const auto* b : blocks)
      if (b->type == type) out.push_back(b);
    return out;
  }
  const hcl::Attribute* Attr(const std::string& n) const {
    auto it = attrs.find(n);
    return it == attrs.end() ? nullptr : it->second;
  }
};

// Validates the top level of a terragrunt.hcl (unknown items are errors) and
// returns its items. A bare `include {}` (native syntax) is kept with label "".
Top DecodeTop(const hcl::Body& body, hcl::Diagnostics* d) {
  hcl::ContentResult r = hcl::Content(body, TopSchema());
  Top top;
  top.attrs = r.content.attributes;
  top.owned = r.content.owned;
  static const std::map<std::string, std::string> kRemoved = {
      {"skip", "skip was removed in Terragrunt v0.93; use exclude { if = true, actions = [\"all\"] } instead."},
      {"retryable_errors", "retryable_errors was removed in Terragrunt v0.93; use errors { retry \"name\" { ... } } instead."},
      {"retry_max_attempts", "retry_max_attempts was removed in Terragrunt v0.93; use errors { retry \"name\" { max_attempts = N } }."},
      {"retry_sleep_interval_sec",
       "retry_sleep_interval_sec was removed in Terragrunt v0.93; use errors { retry \"name\" { sleep_interval_sec = N } }."}};
  for (hcl::Diagnostic diag : r.diags) {
    if (diag.summary == "Missing name for include") continue;  // bare include, handled below
    if (diag.summary == "Unsupported argument") {
      for (const auto& [name, hint] : kRemoved)
        if (diag.detail.find("named \"" + name + "\" is not") != std::string::npos) diag.detail += " " + hint;
    }
    d->Add(std::move(diag));
  }
  if (body.IsJSON()) {
    top.blocks = r.content.blocks;
    return top;
  }
  std::set<const hcl::Block*> ok(r.content.blocks.begin(), r.content.blocks.end());
  int bare = 0;
  for (const auto& b : body.blocks) {
    if (ok.count(b.get())) {
      top.blocks.push_back(b.get());
    } else if (b->type == "include" && b->labels.empty()) {
      if (++bare > 1) {
        d->AddError("Multiple bare include blocks",
                    "Only one include block without a label is allowed; give each include block a name, "
                    "e.g. include \"root\" { ... }.",
                    b->DefRange());
        continue;
      }
      top.blocks.push_back(b.get());
    }
  }
  return top;
}

std::string Label(const hcl::Block& b) { return b.labels.empty() ? std::string() : b.labels[0]; }

// ---- Generic cty helpers ----

bool IsMapLike(const cty::Value& v) {
  return !v.IsNull() && v.IsKnown() && (v.type().IsObject() || v.type().IsMap());
}
bool IsListLike(const cty::Value& v) {
  return !v.IsNull() && v.IsKnown() && (v.type().IsList() || v.type().IsTuple() || v.type().IsSet());
}

// Terragrunt's deep merge for inputs/mock_outputs: maps merged recursively,
// lists concatenated (parent then child), anything else: child wins.
cty::Value DeepMergeValues(const cty::Value& parent, const cty::Value& child, bool concat_lists) {
  if (child.IsNull()) return parent;
  if (parent.IsNull()) return child;
  if (IsMapLike(parent) && IsMapLike(child)) {
    std::map<std::string, cty::Value> out = parent.Attributes();
    for (const auto& [k, v] : child.Attributes()) {
      auto it = out.find(k);
      out[k] = it == out.end() ? v : DeepMergeValues(it->second, v, concat_lists);
    }
    return cty::Value::Object(std::move(out));
  }
  if (concat_lists && IsListLike(parent) && IsListLike(child)) {
    std::vector<cty::Value> out = parent.Elements();
    for (const auto& e : child.Elements()) out.push_back(e);
    return cty::Value::Tuple(std::move(out));
  }
  return child;
}

cty::Value ShallowMergeValues(const cty::Value& parent, const cty::Value& child) {
  if (child.IsNull()) return parent;
  if (parent.IsNull()) return child;
  if (!IsMapLike(parent) || !IsMapLike(child)) return child;
  std::map<std::string, cty::Value> out = parent.Attributes();
  for (const auto& [k, v] : child.Attributes()) out[k] = v;
  return cty::Value::Object(std::move(out));
}

template <typename T>
void SetIf(std::optional<T>& target, const std::optional<T>& source) {
  if (source) target = source;
}

template <typename T>
void MergeByName(std::vector<T>& target, const std::vector<T>& source) {
  for (const auto& s : source) {
    auto it = std::find_if(target.begin(), target.end(), [&](const T& t) { return t.name == s.name; });
    if (it != target.end())
      *it = s;
    else
      target.push_back(s);
  }
}

}  // namespace

// ---- The loader ----

struct Loader::Impl {
  LoadOptions opts;
  std::shared_ptr<RunCmdCache> run_cmd_cache = std::make_shared<RunCmdCache>();

  template <typename T>
  struct Memo {
    std::once_flag once;
    T value;
  };

  mutable std::mutex mu;
  // Each file is read and parsed once (concurrent readers wait for the first).
  std::map<std::string, std::shared_ptr<Memo<std::shared_ptr<SourceFile>>>> files;
  std::map<std::string, std::shared_ptr<Memo<LoadResult>>> units;

  std::shared_ptr<const SourceFile> Read(const fs::path& p);
  std::optional<cty::Value> ReadValues(const fs::path& dir, hcl::Diagnostics* d, const hcl::EvalContext& fn_ctx);
  LoadResult Load(const fs::path& config_file, const fs::path& original_dir);
  LoadResult LoadUncached(const fs::path& config_file, const fs::path& original_dir);
};

namespace {

// True if nothing in `src` can see the unit the invocation is for
// (get_original_terragrunt_dir(), the unit-relative file and git functions,
// nested reads, get_terraform_command...): its evaluation is then the same
// for every caller.
bool ContextFree(std::string_view src) {
  static constexpr const char* kSensitive[] = {
      "get_original_terragrunt_dir", "read_tfvars_file", "mark_as_read",  "mark_glob_as_read",
      "get_repo_root",               "get_path_from_repo_root", "get_path_to_repo_root", "read_terragrunt_config",
      "get_terraform_command",       "get_terraform_cli_args",  "get_working_dir",       "dependency"};
  for (const char* s : kSensitive)
    if (src.find(s) != std::string_view::npos) return false;
  return true;
}

// Files being loaded on this thread (read_terragrunt_config cycles).
thread_local std::vector<std::string> tl_loading;

// The evaluation of one file (the unit's own or an include) for one unit.
struct FileEval {
  std::shared_ptr<const SourceFile> src;
  std::shared_ptr<FunctionContext> fctx;
  hcl::EvalContext ctx;
  Top top;
  UnitConfig part;  // what this file defines
  std::map<std::string, cty::Value> locals;
  const IncludeBlock* via = nullptr;  // the child's include that pulled this file in
};

}  // namespace

std::shared_ptr<const SourceFile> Loader::Impl::Read(const fs::path& p) {
  const std::string key = Str(p);
  std::shared_ptr<Memo<std::shared_ptr<SourceFile>>> m;
  {
    std::lock_guard<std::mutex> l(mu);
    auto& slot = files[key];
    if (!slot) slot = std::make_shared<Memo<std::shared_ptr<SourceFile>>>();
    m = slot;
  }
  std::call_once(m->once, [&] {
    auto sf = std::make_shared<SourceFile>();
    sf->path = key;
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      sf->missing = true;
    } else {
      std::ostringstream buf;
      buf << in.rdbuf();
      sf->src = buf.str();
      hcl::ParsedFile parsed =
          hcl::IsJSONFilename(key) ? hcl::ParseJSON(sf->src, key) : hcl::ParseConfig(sf->src, key);
      sf->file = std::move(parsed.file);
      sf->diags = std::move(parsed.diags);
    }
    std::lock_guard<std::mutex> l(mu);  // Source() reads `value` under mu
    m->value = std::move(sf);
  });
  return m->value;
}

namespace {

// ---- Phase helpers ----

std::shared_ptr<FunctionContext> MakeFunctionContext(const LoadOptions& o, const fs::path& file,
                                                     const fs::path& tg_dir, const fs::path& original_dir,
                                                     std::shared_ptr<RunCmdCache> cache) {
  auto f = std::make_shared<FunctionContext>();
  f->config_file = file;
  f->terragrunt_dir = tg_dir;
  f->original_terragrunt_dir = original_dir;
  f->unit_dir = original_dir;  // the unit the invocation is for (read_tfvars_file, get_repo_root)
  // working_dir stays empty: get_working_dir() falls back to get_terragrunt_dir().
  f->terraform_command = o.terraform_command;
  f->terraform_cli_args = o.terraform_cli_args;
  f->getenv = o.getenv;
  f->files_read = std::make_shared<std::vector<std::string>>();
  f->run_cmd_cache = std::move(cache);
  f->allow_run_cmd = o.allow_run_cmd;
  return f;
}

// values: terragrunt.values.hcl next to the unit (features.md 1.4).
}  // namespace

std::optional<cty::Value> Loader::Impl::ReadValues(const fs::path& dir, hcl::Diagnostics* d,
                                                   const hcl::EvalContext& fn_ctx) {
  fs::path p = dir / "terragrunt.values.hcl";
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  auto sf = Read(p);
  if (sf->missing) {
    PathError(d, "Cannot read values file", "Could not read " + sf->path + "; check its permissions.");
    return std::nullopt;
  }
  d->Append(sf->diags);
  if (sf->diags.HasErrors()) return std::nullopt;
  hcl::AttributesResult ar = hcl::JustAttributes(sf->file.body);
  d->Append(ar.diags);
  std::map<std::string, cty::Value> vals;
  for (const auto& [name, a] : ar.attributes) vals[name] = Eval(*a, fn_ctx, d);
  return cty::Value::Object(std::move(vals));
}

namespace {

// Iterative locals evaluation (features.md 2.5, pkg/config/locals.go).
void EvalLocals(FileEval& fe, hcl::Diagnostics* d) {
  std::vector<const hcl::Attribute*> pending;
  std::set<std::string> seen;
  std::shared_ptr<const hcl::MaterializedItems> keep;
  std::vector<hcl::AttributesResult> results;
  for (const auto* b : fe.top.Of("locals")) {
    results.push_back(hcl::JustAttributes(b->body));
    d->Append(results.back().diags);
    std::vector<const hcl::Attribute*> attrs;
    for (const auto& [n, a] : results.back().attributes) attrs.push_back(a);
    std::sort(attrs.begin(), attrs.end(),
              [](const hcl::Attribute* x, const hcl::Attribute* y) { return x->src_range.start.byte < y->src_range.start.byte; });
    for (const auto* a : attrs) {
      if (!seen.insert(a->name).second) {
        d->AddError("Duplicate local value", "The local " + Quote(a->name) + " is defined more than once in " +
                                                 fe.src->path + "; each local must have a unique name.",
                    a->name_range);
        continue;
      }
      pending.push_back(a);
    }
  }
  std::map<std::string, cty::Value>& done = fe.locals;
  fe.ctx.variables["local"] = cty::Value::EmptyObject();
  for (int pass = 0; pass < kMaxLocalsPasses && !pending.empty(); ++pass) {
    std::set<std::string> waiting;
    for (const auto* a : pending) waiting.insert(a->name);
    std::vector<const hcl::Attribute*> next;
    bool progress = false;
    for (const auto* a : pending) {
      bool ready = true;
      for (const auto& t : hcl::Variables(*a->expr)) {
        if (t.IsRelative() || t.RootName() != "local") continue;
        if (t.steps.size() < 2 || t.steps[1].kind != hcl::TraverseStep::Kind::kAttr) {
          ready = false;  // the whole `local` object: wait until the rest is done
          if (waiting.size() == 1) ready = true;
          continue;
        }
        if (waiting.count(t.steps[1].name) && t.steps[1].name != a->name) ready = false;
        if (t.steps[1].name == a->name) ready = false;  // self reference: reported as a cycle
      }
      if (!ready) {
        next.push_back(a);
        continue;
      }
      done[a->name] = Eval(*a, fe.ctx, d);
      waiting.erase(a->name);
      fe.ctx.variables["local"] = cty::Value::Object(done);
      progress = true;
    }
    pending = std::move(next);
    if (!progress) break;
  }
  if (!pending.empty()) {
    std::string names;
    for (const auto* a : pending) names += (names.empty() ? "" : ", ") + a->name;
    for (const auto* a : pending) {
      d->AddError("Could not evaluate all locals in block.",
                  "The local " + Quote(a->name) + " in " + fe.src->path +
                      " refers to locals that can never be evaluated (a cycle among: " + names +
                      "); remove the circular references between these locals.",
                  a->expr->range(), a->src_range);
    }
  }
}

void DecodeIncludes(FileEval& fe, hcl::Diagnostics* d) {
  auto blocks = fe.top.Of("include");
  const hcl::BodySchema s = Schema({{"path", true}, {"expose"}, {"merge_strategy"}});
  fs::path dir = fs::path(fe.src->path).parent_path();
  std::set<std::string> labels;
  for (const auto* b : blocks) {
    Decoded db = DecodeBody(b->body, s, d);
    IncludeBlock inc;
    inc.name = Label(*b);
    inc.range = b->DefRange();
    if (!labels.insert(inc.name).second) {
      d->AddError("Duplicate include block", "An include block named " + Quote(inc.name) +
                                                 " is already defined; give each include a unique label.",
                  b->DefRange());
      continue;
    }
    if (const auto* a = db.Attr("path")) {
      bool bad_ref = false;
      for (const auto& t : hcl::Variables(*a->expr)) {
        if (t.IsRelative() || t.RootName() == "values") continue;
        d->AddError("Invalid include path",
                    "The path of include " + Quote(inc.name) + " refers to " + Quote(t.RootName()) +
                        ", but include paths are evaluated before locals, features and dependencies (Terragrunt's "
                        "parse order); use functions such as find_in_parent_folders(), or values.",
                    t.SourceRange(), a->src_range);
        bad_ref = true;
        break;
      }
      if (bad_ref) continue;
      auto p = ToStr(Eval(*a, fe.ctx, d), *a, d);
      if (p) inc.path = AbsPath(*p, dir);
    }
    if (const auto* a = db.Attr("expose")) inc.expose = ToBool(Eval(*a, fe.ctx, d), *a, d).value_or(false);
    if (const auto* a = db.Attr("merge_strategy")) {
      auto m = ToStr(Eval(*a, fe.ctx, d), *a, d);
      if (m) {
        if (*m != "no_merge" && *m != "shallow" && *m != "deep") {
          d->AddError("Invalid merge_strategy",
                      "merge_strategy " + Quote(*m) + " is not supported; use one of \"no_merge\", \"shallow\" or \"deep\".",
                      a->expr->range(), a->src_range);
        } else {
          inc.merge_strategy = *m;
        }
      }
    }
    if (!inc.path.empty()) fe.part.includes.push_back(std::move(inc));
  }
}

void DecodeFeatures(FileEval& fe, hcl::Diagnostics* d) {
  const hcl::BodySchema s = Schema({{"default"}});
  for (const auto* b : fe.top.Of("feature")) {
    Decoded db = DecodeBody(b->body, s, d);
    FeatureBlock f;
    f.name = Label(*b);
    const auto* a = db.Attr("default");
    if (!a) {
      d->AddError("Missing feature default",
                  "feature flag " + f.name + " does not have a default value in " + fe.src->path +
                      "; add `default = <value>` to the feature block.",
                  b->DefRange());
      continue;
    }
    f.default_value = Eval(*a, fe.ctx, d);
    f.value = f.default_value;
    fe.part.features.push_back(std::move(f));
  }
}

// The `feature` variable for a list of feature blocks (with CLI overrides).
cty::Value FeatureVar(std::vector<FeatureBlock>& features, const LoadOptions& o, hcl::Diagnostics* d,
                      const std::string& where) {
  std::map<std::string, cty::Value> m;
  for (auto& f : features) {
    f.value = f.default_value;
    auto it = o.feature_overrides.find(f.name);
    if (it != o.feature_overrides.end()) {
      cty::Value ov = it->second;
      if (!f.default_value.IsNull() && f.default_value.IsKnown() && !f.default_value.type().IsDynamic()) {
        auto c = cty::Convert(ov, f.default_value.type());
        if (!c.ok()) {
          PathError(d, "Invalid feature flag value",
                    "The value given for feature " + Quote(f.name) + " (in " + where +
                        ") cannot be converted to the type of its default: " + c.error().message +
                        ". Pass a value of the same type, e.g. --feature " + f.name + "=...");
        } else {
          ov = *c;
        }
      }
      f.value = ov;
    }
    m[f.name] = cty::Value::Object({{"value", f.value}});
  }
  return cty::Value::Object(std::move(m));
}

void DecodeDependencyBlocks(FileEval& fe, hcl::Diagnostics* d) {
  const hcl::BodySchema s =
      Schema({{"config_path", true}, {"enabled"}, {"skip_outputs"}, {"mock_outputs"}, {"mock_outputs_allowed_terraform_commands"},
              {"mock_outputs_merge_strategy_with_state"}, {"mock_outputs_merge_with_state"}});
  std::set<std::string> names;
  for (const auto* b : fe.top.Of("dependency")) {
    Decoded db = DecodeBody(b->body, s, d);
    DependencyBlock dep;
    dep.name = Label(*b);
    dep.range = b->DefRange();
    if (!names.insert(dep.name).second) {
      d->AddError("Duplicate dependency block", "A dependency block named " + Quote(dep.name) + " is already defined in " +
                                                    fe.src->path + "; give each dependency a unique label.",
                  b->DefRange());
      continue;
    }
    if (const auto* a = db.Attr("config_path")) {
      auto p = ToStr(Eval(*a, fe.ctx, d), *a, d);
      if (p && p->empty()) {
        d->AddError("Invalid dependency config_path",
                    "The config_path of dependency " + Quote(dep.name) +
                        " is empty; set it to the directory of the unit this unit depends on (DependencyInvalidConfigPathError).",
                    a->expr->range(), a->src_range);
      } else if (p) {
        fs::path abs = AbsPath(*p, fe.fctx->terragrunt_dir);
        std::string fn = abs.filename().string();
        if (fn.size() > 4 && (fn.ends_with(".hcl") || fn.ends_with(".hcl.json"))) abs = abs.parent_path();
        dep.config_path = abs;
      }
    }
    if (const auto* a = db.Attr("enabled")) dep.enabled = ToBool(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("skip_outputs")) dep.skip_outputs = ToBool(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("mock_outputs")) dep.mock_outputs = ToObject(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("mock_outputs_allowed_terraform_commands"))
      dep.mock_outputs_allowed_terraform_commands = ToStrList(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("mock_outputs_merge_with_state")) {
      if (ToBool(Eval(*a, fe.ctx, d), *a, d).value_or(false)) dep.mock_outputs_merge_strategy_with_state = "shallow";
    }
    if (const auto* a = db.Attr("mock_outputs_merge_strategy_with_state")) {
      auto m = ToStr(Eval(*a, fe.ctx, d), *a, d);
      if (m && *m != "no_merge" && *m != "shallow" && *m != "deep_map_only") {
        d->AddError("Invalid mock_outputs_merge_strategy_with_state",
                    Quote(*m) + " is not a merge strategy; use \"no_merge\", \"shallow\" or \"deep_map_only\".",
                    a->expr->range(), a->src_range);
      } else if (m) {
        dep.mock_outputs_merge_strategy_with_state = *m;
      }
    }
    fe.part.dependency_blocks.push_back(std::move(dep));
  }
}

// ---- Stage B: everything else ----

Hook DecodeHook(const hcl::Block& b, const hcl::EvalContext& ctx, bool error_hook, hcl::Diagnostics* d) {
  hcl::BodySchema s = error_hook
                          ? Schema({{"commands", true}, {"execute", true}, {"on_errors"}, {"working_dir"}, {"suppress_stdout"}})
                          : Schema({{"commands", true}, {"execute", true}, {"working_dir"}, {"run_on_error"},
                                    {"suppress_stdout"}, {"if"}});
  Decoded db = DecodeBody(b.body, s, d);
  Hook h;
  h.name = Label(b);
  h.if_condition = cty::Value::Null(cty::Type::Bool());
  if (const auto* a = db.Attr("commands")) h.commands = ToStrList(Eval(*a, ctx, d), *a, d);
  if (const auto* a = db.Attr("execute")) h.execute = ToStrList(Eval(*a, ctx, d), *a, d);
  if (const auto* a = db.Attr("working_dir")) h.working_dir = ToStr(Eval(*a, ctx, d), *a, d);
  if (const auto* a = db.Attr("run_on_error")) h.run_on_error = ToBool(Eval(*a, ctx, d), *a, d);
  if (const auto* a = db.Attr("suppress_stdout")) h.suppress_stdout = ToBool(Eval(*a, ctx, d), *a, d);
  if (const auto* a = db.Attr("on_errors")) h.on_errors = ToStrList(Eval(*a, ctx, d), *a, d);
  if (const auto* a = db.Attr("if")) {
    auto v = ToBool(Eval(*a, ctx, d), *a, d);
    if (v) h.if_condition = cty::Value::Bool(*v);
  }
  return h;
}

void DecodeTerraform(FileEval& fe, bool discovery, hcl::Diagnostics* d) {
  const hcl::BodySchema s = Schema(
      {{"source"}, {"version"}, {"include_in_copy"}, {"exclude_from_copy"}, {"copy_terraform_lock_file"},
       {"update_source_with_cas"}, {"mutable"}},
      {{"extra_arguments", {"name"}}, {"before_hook", {"name"}}, {"after_hook", {"name"}}, {"error_hook", {"name"}}});
  auto blocks = fe.top.Of("terraform");
  if (blocks.size() > 1) {
    d->AddError("Duplicate terraform block", "Only one terraform block is allowed in " + fe.src->path + "; merge them into one.",
                blocks[1]->DefRange());
  }
  if (blocks.empty()) return;
  const hcl::Block& b = *blocks[0];
  Decoded db = DecodeBody(b.body, s, d);
  TerraformBlock tf;
  if (const auto* a = db.Attr("source")) {
    bool refs_dep = false;
    for (const auto& t : hcl::Variables(*a->expr))
      if (!t.IsRelative() && t.RootName() == "dependency") refs_dep = true;
    if (refs_dep) {
      d->AddError("terraform.source references a dependency",
                  "The source of the terraform block cannot reference dependency outputs (TerraformSourceReferencesDependencyError): "
                  "sources are resolved before dependencies are applied. Use a local, values or a literal instead.",
                  a->expr->range(), a->src_range);
    } else {
      tf.source = ToStr(Eval(*a, fe.ctx, d), *a, d);
    }
  }
  if (const auto* a = db.Attr("version")) tf.version = ToStr(Eval(*a, fe.ctx, d), *a, d);
  if (discovery) {
    fe.part.terraform = std::move(tf);
    return;
  }
  if (const auto* a = db.Attr("include_in_copy")) tf.include_in_copy = ToStrList(Eval(*a, fe.ctx, d), *a, d);
  if (const auto* a = db.Attr("exclude_from_copy")) tf.exclude_from_copy = ToStrList(Eval(*a, fe.ctx, d), *a, d);
  if (const auto* a = db.Attr("copy_terraform_lock_file")) tf.copy_terraform_lock_file = ToBool(Eval(*a, fe.ctx, d), *a, d);
  for (const auto* sb : db.r.content.blocks) {
    if (sb->type == "extra_arguments") {
      Decoded e = DecodeBody(sb->body,
                             Schema({{"commands", true}, {"arguments"}, {"env_vars"}, {"required_var_files"}, {"optional_var_files"}}), d);
      ExtraArguments x;
      x.name = Label(*sb);
      if (const auto* a = e.Attr("commands")) x.commands = ToStrList(Eval(*a, fe.ctx, d), *a, d);
      if (const auto* a = e.Attr("arguments")) x.arguments = ToStrList(Eval(*a, fe.ctx, d), *a, d);
      if (const auto* a = e.Attr("env_vars")) x.env_vars = ToStrMap(Eval(*a, fe.ctx, d), *a, d);
      if (const auto* a = e.Attr("required_var_files")) x.required_var_files = ToStrList(Eval(*a, fe.ctx, d), *a, d);
      if (const auto* a = e.Attr("optional_var_files")) x.optional_var_files = ToStrList(Eval(*a, fe.ctx, d), *a, d);
      MergeByName(tf.extra_arguments, std::vector<ExtraArguments>{std::move(x)});
    } else if (sb->type == "before_hook") {
      MergeByName(tf.before_hooks, std::vector<Hook>{DecodeHook(*sb, fe.ctx, false, d)});
    } else if (sb->type == "after_hook") {
      MergeByName(tf.after_hooks, std::vector<Hook>{DecodeHook(*sb, fe.ctx, false, d)});
    } else if (sb->type == "error_hook") {
      MergeByName(tf.error_hooks, std::vector<Hook>{DecodeHook(*sb, fe.ctx, true, d)});
    }
  }
  fe.part.terraform = std::move(tf);
}

// remote_state as a block or as an attribute (an object with the same keys).
void DecodeRemoteState(FileEval& fe, hcl::Diagnostics* d) {
  auto blocks = fe.top.Of("remote_state");
  const hcl::Attribute* attr = fe.top.Attr("remote_state");
  if (blocks.size() + (attr ? 1 : 0) > 1) {
    d->AddError("Duplicate remote_state", "remote_state is defined more than once in " + fe.src->path +
                                              " (as a block or attribute); keep exactly one.",
                attr ? attr->name_range : blocks[1]->DefRange());
    return;
  }
  RemoteState rs;
  rs.config = cty::Value::EmptyObject();
  rs.encryption = cty::Value::Null(cty::Type::Dynamic());
  auto set_generate = [&](const cty::Value& g, const hcl::Attribute& a) {
    if (g.IsNull() || !g.IsKnown()) return;
    if (!IsMapLike(g)) return TypeError(a, "object with path and if_exists", d);
    const auto& m = g.Attributes();
    auto p = m.find("path");
    auto ie = m.find("if_exists");
    if (p == m.end() || ie == m.end() || p->second.IsNull() || ie->second.IsNull() ||
        !p->second.type().IsPrimitive() || !ie->second.type().IsPrimitive()) {
      return TypeError(a, "object with string attributes path and if_exists", d);
    }
    rs.generate_path = ToStr(p->second, a, d);
    rs.generate_if_exists = ToStr(ie->second, a, d);
  };
  if (!blocks.empty()) {
    Decoded db = DecodeBody(blocks[0]->body,
                            Schema({{"backend", true}, {"disable_init"}, {"disable_dependency_optimization"}, {"generate"},
                                    {"config"}, {"encryption"}}),
                            d);
    if (const auto* a = db.Attr("backend")) rs.backend = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("");
    if (const auto* a = db.Attr("disable_init")) rs.disable_init = ToBool(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("disable_dependency_optimization"))
      rs.disable_dependency_optimization = ToBool(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("generate")) set_generate(Eval(*a, fe.ctx, d), *a);
    if (const auto* a = db.Attr("config")) {
      cty::Value v = ToObject(Eval(*a, fe.ctx, d), *a, d);
      if (!v.IsNull()) rs.config = v;
    }
    if (const auto* a = db.Attr("encryption")) rs.encryption = ToObject(Eval(*a, fe.ctx, d), *a, d);
    fe.part.remote_state = std::move(rs);
    return;
  }
  if (!attr) return;
  cty::Value v = Eval(*attr, fe.ctx, d);
  if (v.IsNull() || !v.IsKnown()) return;
  if (!IsMapLike(v)) return TypeError(*attr, "object", d);
  static const std::set<std::string> known = {"backend", "disable_init", "disable_dependency_optimization", "generate",
                                              "config", "encryption"};
  for (const auto& [k, x] : v.Attributes()) {
    if (!known.count(k)) {
      d->AddError("Unsupported attribute in remote_state",
                  "remote_state has no attribute " + Quote(k) +
                      "; the attributes are backend, config, generate, disable_init, disable_dependency_optimization and encryption.",
                  attr->expr->range(), attr->src_range);
    }
  }
  const auto& m = v.Attributes();
  auto get = [&](const char* k) { auto it = m.find(k); return it == m.end() ? cty::Value::Null(cty::Type::Dynamic()) : it->second; };
  auto backend = ToStr(get("backend"), *attr, d);
  if (!backend) {
    d->AddError("Missing required argument", "The remote_state attribute needs a backend, e.g. backend = \"s3\".",
                attr->expr->range(), attr->src_range);
    return;
  }
  rs.backend = *backend;
  rs.disable_init = ToBool(get("disable_init"), *attr, d);
  rs.disable_dependency_optimization = ToBool(get("disable_dependency_optimization"), *attr, d);
  set_generate(get("generate"), *attr);
  if (!get("config").IsNull()) rs.config = ToObject(get("config"), *attr, d);
  rs.encryption = get("encryption");
  fe.part.remote_state = std::move(rs);
}

void ValidateGenerate(const GenerateBlock& g, const hcl::Range& r, hcl::Diagnostics* d) {
  static const std::set<std::string> if_exists = {"overwrite", "overwrite_terragrunt", "skip", "error"};
  static const std::set<std::string> if_disabled = {"skip", "remove", "remove_terragrunt"};
  if (!if_exists.count(g.if_exists)) {
    d->AddError("Invalid if_exists", "generate " + Quote(g.name) + ": if_exists " + Quote(g.if_exists) +
                                         " is not supported; use one of \"overwrite\", \"overwrite_terragrunt\", \"skip\", \"error\".",
                r);
  }
  if (!if_disabled.count(g.if_disabled)) {
    d->AddError("Invalid if_disabled", "generate " + Quote(g.name) + ": if_disabled " + Quote(g.if_disabled) +
                                           " is not supported; use one of \"skip\", \"remove\", \"remove_terragrunt\".",
                r);
  }
}

void DecodeGenerate(FileEval& fe, hcl::Diagnostics* d) {
  std::map<std::string, hcl::Range> seen;
  std::vector<std::string> dups;
  auto add = [&](GenerateBlock g, const hcl::Range& r) {
    if (seen.count(g.name)) {
      dups.push_back(g.name);
      return;
    }
    seen[g.name] = r;
    ValidateGenerate(g, r, d);
    fe.part.generate.push_back(std::move(g));
  };
  const hcl::BodySchema s =
      Schema({{"path", true}, {"if_exists", true}, {"contents", true}, {"comment_prefix"}, {"disable_signature"}, {"disable"},
              {"if_disabled"}, {"hcl_fmt"}, {"mutable"}});
  for (const auto* b : fe.top.Of("generate")) {
    Decoded db = DecodeBody(b->body, s, d);
    GenerateBlock g;
    g.name = Label(*b);
    if (const auto* a = db.Attr("path")) g.path = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("");
    if (const auto* a = db.Attr("if_exists")) g.if_exists = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("");
    if (const auto* a = db.Attr("contents")) g.contents = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("");
    if (const auto* a = db.Attr("comment_prefix")) g.comment_prefix = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("# ");
    if (const auto* a = db.Attr("disable_signature")) g.disable_signature = ToBool(Eval(*a, fe.ctx, d), *a, d).value_or(false);
    if (const auto* a = db.Attr("disable")) g.disable = ToBool(Eval(*a, fe.ctx, d), *a, d).value_or(false);
    if (const auto* a = db.Attr("if_disabled")) g.if_disabled = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("skip");
    if (const auto* a = db.Attr("hcl_fmt")) g.hcl_fmt = ToBool(Eval(*a, fe.ctx, d), *a, d);
    add(std::move(g), b->DefRange());
  }
  if (const auto* attr = fe.top.Attr("generate")) {
    cty::Value v = Eval(*attr, fe.ctx, d);
    if (IsMapLike(v)) {
      for (const auto& [name, o] : v.Attributes()) {
        if (!IsMapLike(o)) {
          TypeError(*attr, "map of generate objects", d);
          continue;
        }
        const auto& m = o.Attributes();
        auto get = [&](const char* k) { auto it = m.find(k); return it == m.end() ? cty::Value::Null(cty::Type::Dynamic()) : it->second; };
        GenerateBlock g;
        g.name = name;
        for (const char* req : {"path", "if_exists", "contents"}) {
          if (get(req).IsNull())
            d->AddError("Missing required argument", "generate " + Quote(name) + " needs " + Quote(req) + ".",
                        attr->expr->range(), attr->src_range);
        }
        g.path = ToStr(get("path"), *attr, d).value_or("");
        g.if_exists = ToStr(get("if_exists"), *attr, d).value_or("");
        g.contents = ToStr(get("contents"), *attr, d).value_or("");
        g.comment_prefix = ToStr(get("comment_prefix"), *attr, d).value_or("# ");
        g.disable_signature = ToBool(get("disable_signature"), *attr, d).value_or(false);
        g.disable = ToBool(get("disable"), *attr, d).value_or(false);
        g.if_disabled = ToStr(get("if_disabled"), *attr, d).value_or("skip");
        g.hcl_fmt = ToBool(get("hcl_fmt"), *attr, d);
        add(std::move(g), attr->src_range);
      }
    } else if (!v.IsNull() && v.IsKnown()) {
      TypeError(*attr, "map of generate objects", d);
    }
  }
  if (!dups.empty()) {
    std::string list;
    for (const auto& n : dups) list += (list.empty() ? "" : " ") + n;
    d->AddError("Duplicated generate blocks",
                "Detected generate blocks with the same name: [" + list + "] in " + fe.src->path +
                    " (DuplicatedGenerateBlocksError); give each generate block a unique name.",
                seen[dups[0]]);
  }
}

void DecodeRest(FileEval& fe, const LoadOptions& o, hcl::Diagnostics* d) {
  UnitConfig& u = fe.part;
  DecodeTerraform(fe, o.discovery, d);
  DecodeRemoteState(fe, d);
  if (!o.discovery) {
    DecodeGenerate(fe, d);
    if (const auto* a = fe.top.Attr("inputs")) u.inputs = ToObject(Eval(*a, fe.ctx, d), *a, d);
  }
  auto deps = fe.top.Of("dependencies");
  if (deps.size() > 1) d->AddError("Duplicate dependencies block", "Only one dependencies block is allowed in " + fe.src->path + ".", deps[1]->DefRange());
  if (!deps.empty()) {
    Decoded db = DecodeBody(deps[0]->body, Schema({{"paths", true}}), d);
    if (const auto* a = db.Attr("paths"))
      for (const auto& p : ToStrList(Eval(*a, fe.ctx, d), *a, d)) u.dependencies.push_back(AbsPath(p, fe.fctx->terragrunt_dir));
  }
  auto ex = fe.top.Of("exclude");
  if (ex.size() > 1) d->AddError("Duplicate exclude block", "Only one exclude block is allowed in " + fe.src->path + ".", ex[1]->DefRange());
  if (!ex.empty()) {
    Decoded db = DecodeBody(ex[0]->body, Schema({{"if", true}, {"actions"}, {"exclude_dependencies"}, {"no_run"}}), d);
    ExcludeBlock e;
    if (const auto* a = db.Attr("if")) e.if_condition = ToBool(Eval(*a, fe.ctx, d), *a, d).value_or(false);
    if (const auto* a = db.Attr("actions")) e.actions = ToStrList(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("exclude_dependencies")) e.exclude_dependencies = ToBool(Eval(*a, fe.ctx, d), *a, d);
    if (const auto* a = db.Attr("no_run")) e.no_run = ToBool(Eval(*a, fe.ctx, d), *a, d);
    u.exclude = std::move(e);
  }
  auto errs = fe.top.Of("errors");
  if (errs.size() > 1) d->AddError("Duplicate errors block", "Only one errors block is allowed in " + fe.src->path + ".", errs[1]->DefRange());
  if (!errs.empty()) {
    Decoded db = DecodeBody(errs[0]->body, Schema({}, {{"retry", {"label"}}, {"ignore", {"label"}}}), d);
    ErrorsBlock eb;
    for (const auto* b : db.r.content.blocks) {
      if (b->type == "retry") {
        Decoded r = DecodeBody(b->body, Schema({{"retryable_errors", true}, {"max_attempts", true}, {"sleep_interval_sec", true}}), d);
        RetryBlock rb;
        rb.label = Label(*b);
        if (const auto* a = r.Attr("retryable_errors")) rb.retryable_errors = ToStrList(Eval(*a, fe.ctx, d), *a, d);
        if (const auto* a = r.Attr("max_attempts")) {
          rb.max_attempts = ToInt(Eval(*a, fe.ctx, d), *a, d).value_or(rb.max_attempts);
          if (rb.max_attempts < 1)
            d->AddError("Invalid max_attempts", "retry " + Quote(rb.label) + ": max_attempts must be at least 1.", a->expr->range());
        }
        if (const auto* a = r.Attr("sleep_interval_sec")) {
          rb.sleep_interval_sec = ToInt(Eval(*a, fe.ctx, d), *a, d).value_or(rb.sleep_interval_sec);
          if (rb.sleep_interval_sec < 0)
            d->AddError("Invalid sleep_interval_sec", "retry " + Quote(rb.label) + ": sleep_interval_sec must not be negative.", a->expr->range());
        }
        eb.retry.push_back(std::move(rb));
      } else {
        Decoded r = DecodeBody(b->body, Schema({{"ignorable_errors", true}, {"message"}, {"signals"}}), d);
        IgnoreBlock ib;
        ib.label = Label(*b);
        ib.signals = cty::Value::Null(cty::Type::Dynamic());
        if (const auto* a = r.Attr("ignorable_errors")) ib.ignorable_errors = ToStrList(Eval(*a, fe.ctx, d), *a, d);
        if (const auto* a = r.Attr("message")) ib.message = ToStr(Eval(*a, fe.ctx, d), *a, d).value_or("");
        if (const auto* a = r.Attr("signals")) ib.signals = ToObject(Eval(*a, fe.ctx, d), *a, d);
        eb.ignore.push_back(std::move(ib));
      }
    }
    u.errors = std::move(eb);
  }
  auto str = [&](const char* n, std::optional<std::string>& out) {
    if (const auto* a = fe.top.Attr(n)) out = ToStr(Eval(*a, fe.ctx, d), *a, d);
  };
  str("download_dir", u.download_dir);
  str("terraform_binary", u.terraform_binary);
  str("terraform_version_constraint", u.terraform_version_constraint);
  str("terragrunt_version_constraint", u.terragrunt_version_constraint);
  str("iam_role", u.iam_role);
  str("iam_assume_role_session_name", u.iam_assume_role_session_name);
  str("iam_web_identity_token", u.iam_web_identity_token);
  if (const auto* a = fe.top.Attr("iam_assume_role_duration")) u.iam_assume_role_duration = ToInt(Eval(*a, fe.ctx, d), *a, d);
  if (const auto* a = fe.top.Attr("prevent_destroy")) u.prevent_destroy = ToBool(Eval(*a, fe.ctx, d), *a, d);
}

// ---- Merging (features.md 3.3): `into` is the parent, `src` the child side ----

void MergeDependencies(std::vector<DependencyBlock>& into, const std::vector<DependencyBlock>& src, bool deep) {
  for (const auto& s : src) {
    auto it = std::find_if(into.begin(), into.end(), [&](const DependencyBlock& t) { return t.name == s.name; });
    if (it == into.end()) {
      into.push_back(s);
      continue;
    }
    if (!deep) {
      *it = s;
      continue;
    }
    if (!s.config_path.empty()) it->config_path = s.config_path;
    SetIf(it->enabled, s.enabled);
    SetIf(it->skip_outputs, s.skip_outputs);
    it->mock_outputs = DeepMergeValues(it->mock_outputs, s.mock_outputs, true);
    for (const auto& c : s.mock_outputs_allowed_terraform_commands) it->mock_outputs_allowed_terraform_commands.push_back(c);
    if (!s.mock_outputs_merge_strategy_with_state.empty())
      it->mock_outputs_merge_strategy_with_state = s.mock_outputs_merge_strategy_with_state;
    it->range = s.range;
  }
}

void MergeConfig(UnitConfig& into, const UnitConfig& src, bool deep, const std::string& parent_file,
                 const hcl::Range& include_range, hcl::Diagnostics* d) {
  SetIf(into.download_dir, src.download_dir);
  SetIf(into.terraform_binary, src.terraform_binary);
  SetIf(into.terraform_version_constraint, src.terraform_version_constraint);
  SetIf(into.terragrunt_version_constraint, src.terragrunt_version_constraint);
  SetIf(into.iam_role, src.iam_role);
  SetIf(into.iam_assume_role_session_name, src.iam_assume_role_session_name);
  SetIf(into.iam_web_identity_token, src.iam_web_identity_token);
  SetIf(into.iam_assume_role_duration, src.iam_assume_role_duration);
  SetIf(into.prevent_destroy, src.prevent_destroy);

  into.inputs = deep ? DeepMergeValues(into.inputs, src.inputs, true) : ShallowMergeValues(into.inputs, src.inputs);

  if (src.terraform) {
    if (!into.terraform) {
      into.terraform = src.terraform;
    } else {
      TerraformBlock& t = *into.terraform;
      const TerraformBlock& s = *src.terraform;
      SetIf(t.source, s.source);
      SetIf(t.version, s.version);
      SetIf(t.copy_terraform_lock_file, s.copy_terraform_lock_file);
      MergeByName(t.extra_arguments, s.extra_arguments);
      MergeByName(t.before_hooks, s.before_hooks);
      MergeByName(t.after_hooks, s.after_hooks);
      MergeByName(t.error_hooks, s.error_hooks);
      if (deep) {  // child's lists first (shallow: the child's are dropped, Terragrunt's quirk)
        std::vector<std::string> inc = s.include_in_copy, exc = s.exclude_from_copy;
        inc.insert(inc.end(), t.include_in_copy.begin(), t.include_in_copy.end());
        exc.insert(exc.end(), t.exclude_from_copy.begin(), t.exclude_from_copy.end());
        t.include_in_copy = std::move(inc);
        t.exclude_from_copy = std::move(exc);
      }
    }
  }
  if (src.remote_state) into.remote_state = src.remote_state;

  std::vector<std::string> dups;
  for (const auto& g : src.generate) {
    auto it = std::find_if(into.generate.begin(), into.generate.end(), [&](const GenerateBlock& x) { return x.name == g.name; });
    if (it == into.generate.end()) {
      into.generate.push_back(g);
    } else if (deep) {
      *it = g;
    } else {
      dups.push_back(g.name);
    }
  }
  if (!dups.empty()) {
    std::string list;
    for (const auto& n : dups) list += (list.empty() ? "" : " ") + n;
    d->AddError("Duplicated generate blocks",
                "Detected generate blocks with the same name: [" + list + "] (DuplicatedGenerateBlocksError): defined in " +
                    parent_file +
                    " and in the config that includes it with merge_strategy \"shallow\". Rename one of them, or use "
                    "merge_strategy = \"deep\" to let the child's block win.",
                include_range);
  }

  MergeDependencies(into.dependency_blocks, src.dependency_blocks, deep);
  // dependencies.paths: union, de-duplicated.
  if (deep) {
    std::vector<fs::path> out;
    for (const auto& p : src.dependencies)
      if (std::find(into.dependencies.begin(), into.dependencies.end(), p) == into.dependencies.end()) out.push_back(p);
    out.insert(out.end(), into.dependencies.begin(), into.dependencies.end());
    into.dependencies = std::move(out);
  } else {
    for (const auto& p : src.dependencies)
      if (std::find(into.dependencies.begin(), into.dependencies.end(), p) == into.dependencies.end())
        into.dependencies.push_back(p);
  }

  for (const auto& f : src.features) {
    auto it = std::find_if(into.features.begin(), into.features.end(), [&](const FeatureBlock& x) { return x.name == f.name; });
    if (it == into.features.end()) {
      into.features.push_back(f);
    } else if (deep) {
      it->default_value = DeepMergeValues(it->default_value, f.default_value, true);
      it->value = DeepMergeValues(it->value, f.value, true);
    } else {
      *it = f;
    }
  }

  if (src.exclude) {
    if (!into.exclude || !deep) {
      into.exclude = src.exclude;
    } else {
      ExcludeBlock& e = *into.exclude;
      e.if_condition = src.exclude->if_condition;
      if (!src.exclude->actions.empty()) e.actions = src.exclude->actions;
      SetIf(e.exclude_dependencies, src.exclude->exclude_dependencies);
      SetIf(e.no_run, src.exclude->no_run);
    }
  }

  if (src.errors) {
    if (!into.errors || !deep) {
      into.errors = src.errors;
    } else {
      for (const auto& r : src.errors->retry) {
        auto& v = into.errors->retry;
        auto it = std::find_if(v.begin(), v.end(), [&](const RetryBlock& x) { return x.label == r.label; });
        if (it == v.end()) v.push_back(r); else *it = r;
      }
      for (const auto& r : src.errors->ignore) {
        auto& v = into.errors->ignore;
        auto it = std::find_if(v.begin(), v.end(), [&](const IgnoreBlock& x) { return x.label == r.label; });
        if (it == v.end()) v.push_back(r); else *it = r;
      }
    }
  }
  for (const auto& f : src.files_read)
    if (std::find(into.files_read.begin(), into.files_read.end(), f) == into.files_read.end()) into.files_read.push_back(f);
}

// dependency.<name>.outputs (features.md 5.4).
cty::Value ResolveOutputs(DependencyBlock& dep, const LoadOptions& o, hcl::Diagnostics* d) {
  const cty::Value null = cty::Value::Null(cty::Type::Dynamic());
  const bool has_mocks = !dep.mock_outputs.IsNull();
  if (!dep.Enabled() || dep.skip_outputs.value_or(false)) return has_mocks ? dep.mock_outputs : null;
  if (o.discovery) return cty::Value::DynamicVal();
  const auto& allowed = dep.mock_outputs_allowed_terraform_commands;
  const bool mocks_allowed =
      has_mocks && (o.always_allow_mocks || allowed.empty() ||
                    std::find(allowed.begin(), allowed.end(), o.terraform_command) != allowed.end());
  const std::string rel = Str(dep.config_path);
  if (o.dependency_outputs) {
    std::string err;
    std::optional<cty::Value> out = o.dependency_outputs(dep.config_path, &err);
    if (!out) {
      if (mocks_allowed) return dep.mock_outputs;
      d->AddError("Cannot read dependency outputs",
                  "dependency " + Quote(dep.name) + " (" + rel + "): " + (err.empty() ? "reading its outputs failed" : err) +
                      ". Apply that unit first, or set mock_outputs for this command.",
                  dep.range);
      return null;
    }
    const bool empty = out->IsNull() || (IsMapLike(*out) && out->LengthInt() == 0);
    if (!empty) {
      if (!mocks_allowed) return *out;
      const std::string& st = dep.mock_outputs_merge_strategy_with_state;
      if (st == "shallow") return ShallowMergeValues(dep.mock_outputs, *out);
      if (st == "deep_map_only") return DeepMergeValues(dep.mock_outputs, *out, false);
      return *out;
    }
    if (mocks_allowed) return dep.mock_outputs;
  } else if (mocks_allowed) {
    return dep.mock_outputs;
  }
  d->AddError("Dependency has no outputs",
              rel + " is a dependency of this unit (dependency " + Quote(dep.name) +
                  ") but detected no outputs. Either the target module has not been applied yet, or the module has no "
                  "outputs. If this is expected, set the skip_outputs flag to true on the dependency block, or provide "
                  "mock_outputs allowed for the command " + Quote(o.terraform_command.empty() ? std::string("render") : o.terraform_command) +
                  " (mock_outputs_allowed_terraform_commands).",
              dep.range);
  return null;
}

}  // namespace

// ---- Load ----

LoadResult Loader::Impl::Load(const fs::path& config_file, const fs::path& original_dir) {
  const std::string key = Str(config_file) + "\n" + Str(original_dir);
  if (std::find(tl_loading.begin(), tl_loading.end(), key) != tl_loading.end()) {
    LoadResult r;
    std::string chain;
    for (const auto& k : tl_loading) chain += k.substr(0, k.find('\n')) + " -> ";
    PathError(&r.diags, "Configuration read cycle",
              "Reading " + Str(config_file) + " requires reading itself: " + chain + Str(config_file) +
                  ". Break the cycle of read_terragrunt_config calls.");
    return r;
  }
  std::shared_ptr<Memo<LoadResult>> m;
  {
    std::lock_guard<std::mutex> l(mu);
    auto& slot = units[key];
    if (!slot) slot = std::make_shared<Memo<LoadResult>>();
    m = slot;
  }
  std::call_once(m->once, [&] {
    tl_loading.push_back(key);
    m->value = LoadUncached(config_file, original_dir);
    tl_loading.pop_back();
  });
  return m->value;
}

LoadResult Loader::Impl::LoadUncached(const fs::path& config_file, const fs::path& original_dir) {
  LoadResult res;
  hcl::Diagnostics& d = res.diags;
  const fs::path unit_dir = config_file.parent_path();
  const LoadOptions& o = opts;

  auto read_cb = [this](const fs::path& orig) {
    return [this, orig](const fs::path& p) -> cty::FuncResult<cty::Value> {
      fs::path file = p;
      std::error_code ec;
      if (fs::is_directory(file, ec)) {
        file = file / "terragrunt.hcl";
        if (!fs::exists(file, ec) && fs::exists(p / "terragrunt.hcl.json", ec)) file = p / "terragrunt.hcl.json";
      }
      if (!fs::exists(file, ec))
        return cty::FunctionError{"Terragrunt config " + Str(file) + " not found (TerragruntConfigNotFoundError); "
                                  "check the path or pass a default as the second argument"};
      // A file whose result cannot depend on the caller (it uses none of the
      // functions that see the original unit) is evaluated once for all.
      fs::path key_orig = orig;
      auto sf = Read(file.lexically_normal());
      if (!sf->missing && ContextFree(sf->src)) key_orig = file.lexically_normal().parent_path();
      LoadResult r = Load(file.lexically_normal(), key_orig);
      if (r.diags.HasErrors() || !r.config) {
        std::string msg = "could not parse " + Str(file) + ":";
        for (const auto& x : r.diags)
          if (x.severity == hcl::Severity::kError)
            msg += " " + (x.subject ? x.subject->ToString() + ": " : std::string()) + x.summary + "; " + x.detail;
        return cty::FunctionError{msg};
      }
      return Render(*r.config);
    };
  };

  auto open = [&](const fs::path& file, const IncludeBlock* via,
                  const std::map<std::string, fs::path>& include_paths) -> std::unique_ptr<FileEval> {
    auto fe = std::make_unique<FileEval>();
    fe->via = via;
    fe->src = Read(file);
    if (fe->src->missing) {
      if (via) {
        d.AddError("Include file not found",
                   "The include " + Quote(via->name) + " points at " + Str(file) +
                       ", which does not exist or cannot be read. Fix the include path (find_in_parent_folders() "
                       "looks in the parent directories of the unit).",
                   via->range);
      } else {
        PathError(&d, "Config file not found", "Could not read " + Str(file) + "; check its permissions.");
      }
      return nullptr;
    }
    d.Append(fe->src->diags);
    if (fe->src->diags.HasErrors()) return nullptr;
    fe->fctx = MakeFunctionContext(o, file, unit_dir, original_dir, run_cmd_cache);
    fe->fctx->include_paths = include_paths;
    fe->fctx->read_terragrunt_config = read_cb(original_dir);
    fe->ctx = TerragruntEvalContext(fe->fctx);
    fe->top = DecodeTop(fe->src->file.body, &d);
    fe->part.config_file = file;
    return fe;
  };

  std::unique_ptr<FileEval> child = open(config_file, nullptr, {});
  if (!child) return res;
  if (d.HasErrors()) return res;

  // 4. values
  std::optional<cty::Value> values = ReadValues(unit_dir, &d, child->ctx);
  if (values) child->ctx.variables["values"] = *values;

  // 5a. includes
  DecodeIncludes(*child, &d);
  if (d.HasErrors()) return res;
  std::map<std::string, fs::path> include_paths;
  for (const auto& inc : child->part.includes) include_paths[inc.name] = inc.path;
  child->fctx->include_paths = include_paths;

  std::vector<std::unique_ptr<FileEval>> parents;
  for (const auto& inc : child->part.includes) {
    auto pe = open(inc.path, &inc, include_paths);
    if (!pe) return res;
    if (values) pe->ctx.variables["values"] = *values;
    if (!pe->top.Of("include").empty()) {
      d.AddError("Too many levels of inheritance",
                 Str(config_file) + " includes " + Str(inc.path) + ", which itself includes " +
                     Str(AbsPath("x", inc.path.parent_path()).parent_path()) +
                     "/...: Only one level of includes is allowed (TooManyLevelsOfInheritanceError). Move the shared "
                     "settings into one file, or include both files from the unit with two include blocks.",
                 pe->top.Of("include")[0]->DefRange());
      return res;
    }
    parents.push_back(std::move(pe));
  }

  // 5b. features: the parents' defaults merged by name, the child's on top, CLI overrides.
  for (auto& p : parents) DecodeFeatures(*p, &d);
  DecodeFeatures(*child, &d);
  std::vector<FeatureBlock> features;
  for (size_t i = 0; i < parents.size(); ++i) {
    if (child->part.includes[i].merge_strategy == "no_merge") continue;
    MergeByName(features, parents[i]->part.features);
  }
  MergeByName(features, child->part.features);
  cty::Value feature_var = FeatureVar(features, o, &d, Str(config_file));
  if (d.HasErrors()) return res;

  // 5c. locals (parents first: their own locals, with the unit's features).
  for (auto& p : parents) {
    p->ctx.variables["feature"] = feature_var;
    EvalLocals(*p, &d);
  }
  if (d.HasErrors()) return res;
  auto include_var = [&](bool full) {
    std::map<std::string, cty::Value> exposed;
    for (size_t i = 0; i < parents.size(); ++i) {
      const IncludeBlock& inc = child->part.includes[i];
      if (!inc.expose) continue;
      cty::Value obj;
      if (full) {
        UnitConfig pc = parents[i]->part;
        pc.locals = parents[i]->locals;
        obj = Render(pc);
      } else {
        obj = cty::Value::Object({{"locals", cty::Value::Object(parents[i]->locals)}, {"feature", feature_var}});
      }
      exposed[inc.name] = obj;
    }
    if (child->part.includes.size() == 1 && child->part.includes[0].name.empty()) {
      auto it = exposed.find("");
      return it == exposed.end() ? cty::Value::EmptyObject() : it->second;
    }
    return cty::Value::Object(std::move(exposed));
  };
  child->ctx.variables["include"] = include_var(false);
  child->ctx.variables["feature"] = feature_var;
  EvalLocals(*child, &d);
  if (d.HasErrors()) return res;

  // 6. dependency blocks, merged per include strategy before outputs are resolved.
  for (auto& p : parents) DecodeDependencyBlocks(*p, &d);
  DecodeDependencyBlocks(*child, &d);
  if (d.HasErrors()) return res;
  std::vector<DependencyBlock> deps = child->part.dependency_blocks;
  for (size_t i = parents.size(); i-- > 0;) {
    const std::string& st = child->part.includes[i].merge_strategy;
    if (st == "no_merge") continue;
    std::vector<DependencyBlock> base = parents[i]->part.dependency_blocks;
    MergeDependencies(base, deps, st == "deep");
    deps = std::move(base);
  }
  std::map<std::string, cty::Value> dep_var;
  for (auto& dep : deps) {
    dep.outputs = ResolveOutputs(dep, o, &d);
    dep_var[dep.name] = cty::Value::Object({{"outputs", dep.outputs}});
  }
  if (d.HasErrors()) return res;
  const cty::Value dependency_var = cty::Value::Object(std::move(dep_var));

  // 7. everything else, parents first (the child may read their full exposure).
  for (auto& p : parents) {
    p->ctx.variables["dependency"] = dependency_var;
    DecodeRest(*p, o, &d);
    p->part.files_read = *p->fctx->files_read;
    p->part.files_read.insert(p->part.files_read.begin(), Str(p->part.config_file));
  }
  if (d.HasErrors()) return res;
  child->ctx.variables["include"] = include_var(true);
  child->ctx.variables["dependency"] = dependency_var;
  DecodeRest(*child, o, &d);
  if (d.HasErrors()) return res;
  child->part.files_read = *child->fctx->files_read;

  // 9. merge: child > last include > ... > first include.
  UnitConfig base = std::move(child->part);
  for (size_t i = parents.size(); i-- > 0;) {
    const IncludeBlock& inc = base.includes[i];
    if (inc.merge_strategy == "no_merge") continue;
    UnitConfig merged = parents[i]->part;
    MergeConfig(merged, base, inc.merge_strategy == "deep", Str(inc.path), inc.range, &d);
    merged.config_file = base.config_file;
    merged.includes = base.includes;
    base = std::move(merged);
  }
  if (d.HasErrors()) return res;
  base.locals = child->locals;
  base.dependency_blocks = std::move(deps);
  base.features = std::move(features);
  for (const auto& p : parents)
    for (const auto& f : p->part.files_read)
      if (std::find(base.files_read.begin(), base.files_read.end(), f) == base.files_read.end()) base.files_read.push_back(f);
  res.config = std::make_shared<const UnitConfig>(std::move(base));
  return res;
}

// ---- Public API ----

std::vector<fs::path> UnitConfig::DependencyDirs() const {
  std::vector<fs::path> out;
  auto add = [&](const fs::path& p) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  for (const auto& d : dependency_blocks)
    if (d.Enabled()) add(d.config_path);
  for (const auto& p : dependencies) add(p);
  return out;
}

Loader::Loader(LoadOptions options) : impl_(std::make_unique<Impl>()) { impl_->opts = std::move(options); }
Loader::~Loader() = default;

LoadResult Loader::LoadUnit(const fs::path& config_file) {
  std::error_code ec;
  fs::path p = fs::absolute(config_file, ec).lexically_normal();
  if (!fs::exists(p, ec)) {
    LoadResult r;
    PathError(&r.diags, "Unit not found",
              Str(p) + " does not exist; name a unit directory (one holding terragrunt.hcl) or its config file.");
    return r;
  }
  if (fs::is_directory(p, ec)) {
    fs::path hcl = p / "terragrunt.hcl";
    fs::path json = p / "terragrunt.hcl.json";
    p = (!fs::exists(hcl, ec) && fs::exists(json, ec)) ? json : hcl;
    if (!fs::exists(p, ec)) {
      LoadResult r;
      PathError(&r.diags, "Config file not found",
                "There is no terragrunt.hcl in " + Str(p.parent_path()) +
                    "; run edp-stack in a unit directory or name one (a directory holding terragrunt.hcl).");
      return r;
    }
  }
  return impl_->Load(p, p.parent_path());
}

std::string_view Loader::Source(const std::string& filename) const {
  std::lock_guard<std::mutex> l(impl_->mu);
  auto it = impl_->files.find(filename);
  if (it == impl_->files.end() || !it->second->value) return std::string_view();
  return std::string_view(it->second->value->src);
}

}  // namespace config
