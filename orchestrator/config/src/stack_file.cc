// terragrunt.stack.hcl parsing and terragrunt.values.hcl reading/writing
// (stack_file.h; features.md 1.1-1.4).
#include "config/stack_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "cty/convert.h"
#include "funcs/funcs.h"
#include "hcl/body.h"
#include "hcl/format.h"
#include "hcl/json.h"
#include "hcl/parse.h"

namespace config {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxLocalsPasses = 1000;
constexpr int kMaxReadDepth = 32;

// ---- small helpers ----

std::optional<std::string> ReadWholeFile(const fs::path& p, std::string* error) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    *error = std::string("cannot read ") + p.string() + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    *error = "cannot read " + p.string() + ": I/O error";
    return std::nullopt;
  }
  return buf.str();
}

hcl::Range FileStartRange(const fs::path& file) {
  hcl::Range r;
  r.filename = file.string();
  return r;
}

hcl::Diagnostic MakeError(std::string summary, std::string detail, const hcl::Range& subject) {
  hcl::Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.subject = subject;
  return d;
}

// Parses native or JSON syntax by file name.
hcl::ParsedFile ParseAny(const std::string& src, const fs::path& file) {
  return hcl::IsJSONFilename(file.filename().string()) ? hcl::ParseJSON(src, file.string())
                                                       : hcl::ParseConfig(src, file.string());
}

fs::path Absolute(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  return (ec ? p : a).lexically_normal();
}

// Strips a trailing separator left by lexically_normal() ("a/b/" -> "a/b").
fs::path StripTrailingSep(fs::path p) {
  std::string s = p.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return fs::path(s);
}

// ---- values rendering (hclwrite TokensForValue) ----

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_'; }
bool IsIdentContinue(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; }

// hclsyntax.ValidIdentifier, restricted to ASCII (other keys are quoted,
// which reads back the same).
bool ValidIdentifier(const std::string& s) {
  if (s.empty() || !IsIdentStart(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return IsIdentContinue(static_cast<unsigned char>(c)); });
}

// Decodes one UTF-8 code point at s[*i], advancing *i; invalid bytes yield
// U+FFFD.
uint32_t NextCodePoint(const std::string& s, size_t* i) {
  auto b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || *i + static_cast<size_t>(len) > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += static_cast<size_t>(len);
  return cp;
}

// Go's unicode.IsPrint for the code points that matter in practice:
// controls, non-ASCII spaces, format characters and separators are not
// printable.
bool IsPrint(uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0xAD) return false;
  if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F)) return false;
  if (cp == 0x1680 || cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB)) return false;
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  return true;
}

// hclwrite escapeQuotedStringLit.
void AppendQuoted(const std::string& s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(s, &i);
    switch (cp) {
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '$':
      case '%':
        out->push_back(static_cast<char>(cp));
        if (i < s.size() && s[i] == '{') out->push_back(static_cast<char>(cp));
        break;
      default:
        if (!IsPrint(cp)) {
          char buf[16];
          if (cp < 0x10000) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
          } else {
            std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
          }
          *out += buf;
        } else {
          out->append(s, start, i - start);
        }
    }
  }
  out->push_back('"');
}

bool AppendValue(const cty::Value& v, const std::string& where, std::string* out, std::string* error) {
  if (!v.IsKnown()) {
    *error = "writeValues: " + where + " is not known until apply";
    return false;
  }
  if (v.IsNull()) {
    *out += "null";
    return true;
  }
  const cty::Type& t = v.type();
  if (t == cty::Type::String()) {
    AppendQuoted(v.AsString(), out);
    return true;
  }
  if (t == cty::Type::Number()) {
    if (v.AsNumber().IsInfinity()) {
      *error = "writeValues: " + where + " is infinite, which HCL cannot write";
      return false;
    }
    *out += v.AsNumber().ToString();
    return true;
  }
  if (t == cty::Type::Bool()) {
    *out += v.AsBool() ? "true" : "false";
    return true;
  }
  if (t.IsList() || t.IsSet() || t.IsTuple()) {
    out->push_back('[');
    size_t i = 0;
    for (const cty::Value& e : v.Elements()) {
      if (i > 0) *out += ", ";
      if (!AppendValue(e, where + "[" + std::to_string(i) + "]", out, error)) return false;
      ++i;
    }
    out->push_back(']');
    return true;
  }
  if (t.IsMap() || t.IsObject()) {
    const auto& attrs = v.Attributes();
    if (attrs.empty()) {
      *out += "{}";
      return true;
    }
    *out += "{\n";
    for (const auto& [k, e] : attrs) {
      if (ValidIdentifier(k)) {
        *out += k;
      } else {
        AppendQuoted(k, out);
      }
      *out += " = ";
      if (!AppendValue(e, where + "." + k, out, error)) return false;
      out->push_back('\n');
    }
    out->push_back('}');
    return true;
  }
  *error = "writeValues: " + where + " has type " + t.FriendlyName() + ", which HCL cannot write";
  return false;
}

// ---- stack file evaluation ----

const hcl::BodySchema& TopSchema() {
  static const hcl::BodySchema* s = new hcl::BodySchema{
      {},
      {{"locals", {}}, {"unit", {"name"}}, {"stack", {"name"}}, {"include", {"name"}}}};
  return *s;
}

const hcl::BodySchema& ComponentSchema() {
  static const hcl::BodySchema* s = new hcl::BodySchema{
      {{"source", true},
       {"path", true},
       {"values", false},
       {"no_dot_terragrunt_stack", false},
       {"no_validation", false},
       {"enabled", false},
       {"update_source_with_cas", false},
       {"mutable", false}},
      {{"autoinclude", {}}, {"expansion", {}}}};
  return *s;
}

const hcl::BodySchema& IncludeSchema() {
  static const hcl::BodySchema* s = new hcl::BodySchema{{{"path", true}}, {}};
  return *s;
}

// A unit/stack block waiting to be evaluated.
struct PendingComponent {
  ComponentKind kind;
  const hcl::Block* block;
  fs::path file;
  hcl::BodyContent content;
};

class StackParser {
 public:
  StackParser(const fs::path& file, const StackParseOptions& opts) : opts_(opts) {
    file_ = Absolute(file);
    phys_dir_ = file_.parent_path();
    dir_ = opts.logical_dir.empty() ? phys_dir_ : StripTrailingSep(Absolute(opts.logical_dir));
  }

  StackParseResult Run();

 private:
  bool LoadFile(const fs::path& file, const hcl::Range& from, const hcl::Body** body);
  void BuildContext();
  void CollectTop(const hcl::Body& body, const fs::path& file, bool included);
  void ProcessInclude(const hcl::Block& block, const fs::path& file);
  void EvalLocals();
  void EvalPaths();
  void EvalRest();
  void Validate();

  // Evaluates attribute `name` of `pc` to a string; false on error.
  bool EvalString(const PendingComponent& pc, const char* name, std::string* out);
  bool EvalBool(const PendingComponent& pc, const char* name, bool* out, bool* present = nullptr);
  cty::FuncResult<cty::Value> ReadConfig(const fs::path& path);

  const StackParseOptions& opts_;
  fs::path file_, phys_dir_, dir_;
  hcl::Diagnostics diags_;
  std::vector<std::unique_ptr<hcl::File>> files_;
  std::vector<hcl::BodyContent> contents_;  // keep JSON-materialised items alive
  std::vector<std::string> files_read_;
  std::shared_ptr<FunctionContext> fctx_;
  hcl::EvalContext ctx_;
  cty::Value values_;
  bool values_found_ = false;
  const hcl::Block* locals_block_ = nullptr;
  std::vector<PendingComponent> pending_;
  std::vector<StackComponent> components_;  // parallel to pending_
  std::map<std::string, cty::Value> locals_;
};

thread_local int read_depth = 0;

bool StackParser::LoadFile(const fs::path& file, const hcl::Range& from, const hcl::Body** body) {
  std::string error;
  std::optional<std::string> src = ReadWholeFile(file, &error);
  if (!src) {
    diags_.Add(MakeError("Cannot read stack file", error + ". Check that the file exists and is readable.", from));
    return false;
  }
  hcl::ParsedFile parsed = ParseAny(*src, file);
  diags_.Append(std::move(parsed.diags));
  files_.push_back(std::make_unique<hcl::File>(std::move(parsed.file)));
  *body = &files_.back()->body;
  return true;
}

cty::FuncResult<cty::Value> StackParser::ReadConfig(const fs::path& path) {
  fs::path p = path.is_absolute() ? path : phys_dir_ / path;
  p = p.lexically_normal();
  if (read_depth >= kMaxReadDepth) {
    return cty::FunctionError{"read_terragrunt_config: more than " + std::to_string(kMaxReadDepth) +
                              " nested reads while reading " + p.string() + "; does a file read itself?"};
  }
  struct DepthGuard {
    DepthGuard() { ++read_depth; }
    ~DepthGuard() { --read_depth; }
  } guard;
  files_read_.push_back(p.string());
  const std::string name = p.filename().string();
  if (name == kValuesFileName) {
    ValuesResult v = ReadValuesFile(p.parent_path());
    if (!v.found) return cty::FunctionError{"Terragrunt config " + p.string() + " not found"};
    if (v.diags.HasErrors()) {
      return cty::FunctionError{"cannot read " + p.string() + ": " + v.diags[0].summary + ": " + v.diags[0].detail};
    }
    return v.values;
  }
  if (name == kStackFileName || name == std::string(kStackFileName) + ".json") {
    std::error_code ec;
    if (!fs::exists(p, ec)) return cty::FunctionError{"Terragrunt config " + p.string() + " not found"};
    StackParseOptions o = opts_;
    o.logical_dir.clear();
    StackParseResult r = ParseStackFile(p, o);
    if (!r.stack) {
      std::string msg = "cannot read stack file " + p.string();
      for (const hcl::Diagnostic& d : r.diags) {
        if (d.severity != hcl::Severity::kError) continue;
        msg += ": " + (d.subject ? d.subject->ToString() + ": " : std::string()) + d.summary + ": " + d.detail;
        break;
      }
      return cty::FunctionError{msg};
    }
    return StackFileAsCty(*r.stack);
  }
  if (opts_.read_terragrunt_config) return opts_.read_terragrunt_config(p);
  return cty::FunctionError{"read_terragrunt_config(\"" + p.string() +
                            "\") from a stack file can read only terragrunt.values.hcl and terragrunt.stack.hcl "
                            "files here"};
}

void StackParser::BuildContext() {
  auto fc = std::make_shared<FunctionContext>();
  fc->config_file = file_;
  fc->terragrunt_dir = dir_;
  fc->original_terragrunt_dir = dir_;
  fc->working_dir = dir_;
  fc->terraform_command = "terragrunt-read-config";
  fc->allow_run_cmd = opts_.allow_run_cmd;
  fc->getenv = opts_.getenv;
  if (!fc->getenv) {
    fc->getenv = [](const std::string& n) -> std::optional<std::string> {
      const char* v = std::getenv(n.c_str());
      if (v == nullptr) return std::nullopt;
      return std::string(v);
    };
  }
  fc->files_read = std::make_shared<std::vector<std::string>>();
  fc->run_cmd_cache = opts_.run_cmd_cache ? opts_.run_cmd_cache : std::make_shared<RunCmdCache>();
  // The parser outlives every evaluation made with this context.
  fc->read_terragrunt_config = [this](const fs::path& p) { return ReadConfig(p); };
  fctx_ = fc;
  ctx_ = TerragruntEvalContext(fctx_);
  if (values_found_) ctx_.variables["values"] = values_;
}

void StackParser::ProcessInclude(const hcl::Block& block, const fs::path& file) {
  hcl::ContentResult c = hcl::Content(block.body, IncludeSchema());
  diags_.Append(std::move(c.diags));
  auto it = c.content.attributes.find("path");
  if (it == c.content.attributes.end()) return;
  hcl::Evaluated v = it->second->expr->Value(&ctx_);
  diags_.Append(std::move(v.diags));
  if (diags_.HasErrors()) return;
  cty::Result<cty::Value> s = cty::Convert(v.value, cty::Type::String());
  if (!s.ok() || s->IsNull() || !s->IsKnown()) {
    diags_.Add(MakeError("Invalid include path",
                     "The include \"" + block.labels[0] + "\" path must be a known string (the path of another "
                     "stack file); got " + v.value.type().FriendlyName() + ".",
                     it->second->expr->range()));
    return;
  }
  fs::path p = s->AsString();
  if (p.is_relative()) p = file.parent_path() / p;
  p = p.lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) {
    diags_.Add(MakeError("Include file not found",
                     "The include \"" + block.labels[0] + "\" names " + p.string() +
                         ", which does not exist or is not a file. Fix the path (relative paths are resolved "
                         "against the directory of " + file.string() + ").",
                     it->second->expr->range()));
    return;
  }
  for (const std::string& seen : files_read_) {
    if (seen == p.string()) {
      diags_.Add(MakeError("Duplicate stack include", p.string() + " is included more than once; include it once.",
                       it->second->expr->range()));
      return;
    }
  }
  files_read_.push_back(p.string());
  const hcl::Body* body = nullptr;
  if (!LoadFile(p, it->second->expr->range(), &body) || diags_.HasErrors()) return;
  CollectTop(*body, p, /*included=*/true);
}

void StackParser::CollectTop(const hcl::Body& body, const fs::path& file, bool included) {
  hcl::ContentResult top = hcl::Content(body, TopSchema());
  diags_.Append(std::move(top.diags));
  contents_.push_back(top.content);
  std::vector<const hcl::Block*> includes;  // appended after this file's own blocks
  for (const hcl::Block* b : contents_.back().blocks) {
    if (b->type == "locals") {
      if (included) {
        diags_.Add(MakeError("Locals in an included stack file",
                         "An included stack file cannot have a locals block (" + file.string() +
                             " is included by " + file_.string() + "); move the locals into the including file.",
                         b->DefRange()));
      } else if (locals_block_ != nullptr) {
        diags_.Add(MakeError("Multiple locals blocks",
                         "up to one locals block is allowed per stack file; merge this block into the one at " +
                             locals_block_->DefRange().ToString() + ".",
                         b->DefRange()));
      } else {
        locals_block_ = b;
      }
    } else if (b->type == "include") {
      if (included) {
        diags_.Add(MakeError("Nested stack include",
                         "An included stack file cannot include other files (" + file.string() +
                             " is included by " + file_.string() + "); include every file from " +
                             file_.string() + " directly.",
                         b->DefRange()));
        continue;
      }
      includes.push_back(b);
    } else {
      PendingComponent pc;
      pc.kind = b->type == "unit" ? ComponentKind::kUnit : ComponentKind::kStack;
      pc.block = b;
      pc.file = file;
      hcl::ContentResult c = hcl::Content(b->body, ComponentSchema());
      diags_.Append(std::move(c.diags));
      pc.content = std::move(c.content);
      pending_.push_back(std::move(pc));
    }
  }
  for (const hcl::Block* b : includes) ProcessInclude(*b, file);
}

void StackParser::EvalLocals() {
  if (locals_block_ == nullptr) {
    ctx_.variables["local"] = cty::Value::EmptyObject();
    return;
  }
  hcl::AttributesResult attrs = hcl::JustAttributes(locals_block_->body);
  diags_.Append(std::move(attrs.diags));
  std::map<std::string, const hcl::Attribute*> pending = attrs.attributes;
  for (int pass = 0; pass < kMaxLocalsPasses && !pending.empty(); ++pass) {
    bool progress = false;
    for (auto it = pending.begin(); it != pending.end();) {
      bool ready = true;
      for (const hcl::Traversal& t : hcl::Variables(*it->second->expr)) {
        if (t.IsRelative() || t.RootName() != "local" || t.steps.size() < 2) continue;
        if (t.steps[1].kind != hcl::TraverseStep::Kind::kAttr) continue;
        const std::string& ref = t.steps[1].name;
        if (pending.count(ref) != 0 && ref != it->first) ready = false;
      }
      if (!ready) {
        ++it;
        continue;
      }
      ctx_.variables["local"] = cty::Value::Object(locals_);
      hcl::Evaluated v = it->second->expr->Value(&ctx_);
      diags_.Append(std::move(v.diags));
      locals_[it->first] = v.value;
      it = pending.erase(it);
      progress = true;
    }
    if (!progress) break;
  }
  if (!pending.empty()) {
    std::string names;
    for (const auto& [n, a] : pending) names += (names.empty() ? "local." : ", local.") + n;
    for (const auto& [n, a] : pending) {
      diags_.Add(MakeError("Could not evaluate locals",
                       "local." + n + " refers, directly or through other locals, to itself (the locals still "
                       "waiting are " + names + "); break the cycle.",
                       a->name_range));
    }
  }
  ctx_.variables["local"] = cty::Value::Object(locals_);
}

bool StackParser::EvalString(const PendingComponent& pc, const char* name, std::string* out) {
  auto it = pc.content.attributes.find(name);
  if (it == pc.content.attributes.end()) return false;
  hcl::Evaluated v = it->second->expr->Value(&ctx_);
  bool had = v.diags.HasErrors();
  diags_.Append(std::move(v.diags));
  if (had) return false;
  cty::Result<cty::Value> s = cty::Convert(v.value.UnmarkDeep(), cty::Type::String());
  if (!s.ok() || !s->IsKnown() || s->IsNull()) {
    std::string why = !s.ok() ? "a string is required, got " + v.value.type().FriendlyName()
                      : !s->IsKnown() ? "the value is not known while the stack file is read"
                                      : "the value is null";
    diags_.Add(MakeError("Invalid " + std::string(name) + " attribute",
                     "The " + std::string(pc.kind == ComponentKind::kUnit ? "unit" : "stack") + " \"" +
                         pc.block->labels[0] + "\" " + name + " must be a string: " + why + ".",
                     it->second->expr->range()));
    return false;
  }
  *out = s->AsString();
  return true;
}

bool StackParser::EvalBool(const PendingComponent& pc, const char* name, bool* out, bool* present) {
  auto it = pc.content.attributes.find(name);
  if (present != nullptr) *present = it != pc.content.attributes.end();
  if (it == pc.content.attributes.end()) return true;
  hcl::Evaluated v = it->second->expr->Value(&ctx_);
  bool had = v.diags.HasErrors();
  diags_.Append(std::move(v.diags));
  if (had) return false;
  cty::Result<cty::Value> b = cty::Convert(v.value.UnmarkDeep(), cty::Type::Bool());
  if (!b.ok() || !b->IsKnown()) {
    diags_.Add(MakeError("Invalid " + std::string(name) + " attribute",
                     "The " + std::string(pc.kind == ComponentKind::kUnit ? "unit" : "stack") + " \"" +
                         pc.block->labels[0] + "\" " + name + " must be true or false; got " +
                         (b.ok() ? std::string("an unknown value") : v.value.type().FriendlyName()) + ".",
                     it->second->expr->range()));
    return false;
  }
  if (!b->IsNull()) *out = b->AsBool();
  return true;
}

void StackParser::EvalPaths() {
  std::map<std::string, cty::Value> units, stacks;
  components_.resize(pending_.size());
  for (size_t i = 0; i < pending_.size(); ++i) {
    const PendingComponent& pc = pending_[i];
    StackComponent& c = components_[i];
    c.kind = pc.kind;
    c.name = pc.block->labels.empty() ? "" : pc.block->labels[0];
    c.declared_in = pc.file;
    c.def_range = pc.block->DefRange();
    EvalString(pc, "path", &c.path);
    EvalBool(pc, "no_dot_terragrunt_stack", &c.no_dot_terragrunt_stack);
    fs::path rel(c.path);
    c.target_dir = StripTrailingSep(
        ((c.no_dot_terragrunt_stack ? dir_ : dir_ / kStackDirName) / rel).lexically_normal());
    auto& table = c.kind == ComponentKind::kUnit ? units : stacks;
    table[c.name] = cty::Value::Object({{"path", cty::Value::String(c.target_dir.string())}});
  }
  ctx_.variables["unit"] = cty::Value::Object(std::move(units));
  ctx_.variables["stack"] = cty::Value::Object(std::move(stacks));
}

void StackParser::EvalRest() {
  const bool iteration = opts_.ExperimentEnabled("block-iteration");
  for (size_t i = 0; i < pending_.size(); ++i) {
    const PendingComponent& pc = pending_[i];
    StackComponent& c = components_[i];
    const std::string what = std::string(c.KindName()) + " \"" + c.name + "\"";
    if (auto it = pc.content.attributes.find("source"); it != pc.content.attributes.end()) {
      c.source_range = it->second->expr->range();
      EvalString(pc, "source", &c.source);
    }
    if (auto it = pc.content.attributes.find("values"); it != pc.content.attributes.end()) {
      hcl::Evaluated v = it->second->expr->Value(&ctx_);
      bool had = v.diags.HasErrors();
      diags_.Append(std::move(v.diags));
      if (!had) {
        cty::Value val = v.value.UnmarkDeep();
        if (!val.IsNull() && val.IsWhollyKnown() && !val.type().IsObject() && !val.type().IsMap()) {
          diags_.Add(MakeError("Invalid values attribute",
                           "writeValues: expected object or map: the " + what + " values is a " +
                               val.type().FriendlyName() + "; write values = { key = value, ... }.",
                           it->second->expr->range()));
        } else if (!val.IsNull() && val.IsWhollyKnown()) {
          c.values = val;
        }
      }
    }
    EvalBool(pc, "no_validation", &c.no_validation);
    bool has_enabled = false;
    EvalBool(pc, "enabled", &c.enabled, &has_enabled);
    if (has_enabled && !iteration) {
      diags_.Add(MakeError("Experiment required",
                       "the " + std::string(c.KindName()) + " \"" + c.name + "\" block in " + pc.file.string() +
                           " uses an enabled attribute, which requires the 'block-iteration' experiment. Run with "
                           "--experiment block-iteration (or TG_EXPERIMENT=block-iteration), or remove the "
                           "attribute.",
                       pc.content.attributes.at("enabled")->name_range));
    }
    bool cas = false;
    EvalBool(pc, "update_source_with_cas", &cas);
    if (cas) {
      diags_.Add(MakeError("Unsupported attribute value",
                       "update_source_with_cas = true needs Terragrunt's content-addressed store, which edp-stack "
                       "does not have; remove the attribute (sources are copied as they are).",
                       pc.content.attributes.at("update_source_with_cas")->name_range));
    }
    bool mut = false;
    EvalBool(pc, "mutable", &mut);  // edp-stack always writes editable copies
    for (const hcl::Block* b : pc.content.blocks) {
      if (b->type == "expansion" && !iteration) {
        diags_.Add(MakeError("Experiment required",
                         "the " + std::string(c.KindName()) + " \"" + c.name + "\" block in " + pc.file.string() +
                             " uses an expansion block, which requires the 'block-iteration' experiment.",
                         b->DefRange()));
      } else {
        diags_.Add(MakeError("Unsupported block",
                         "edp-stack does not support " + b->type + " blocks in stack files yet (" + what +
                             "); remove the block, or generate this stack with Terragrunt.",
                         b->DefRange()));
      }
    }
  }
}

void StackParser::Validate() {
  if (components_.empty()) {
    diags_.Add(MakeError("Empty stack file",
                     "stack config must contain at least one unit or stack; add a unit \"name\" { source = ..., "
                     "path = ... } block to " + file_.string() + ".",
                     FileStartRange(file_)));
    return;
  }
  std::map<std::string, const StackComponent*> unit_names, stack_names;
  std::map<std::string, const StackComponent*> paths;  // normalised target -> first claimant
  size_t unit_index = 0, stack_index = 0;
  for (const StackComponent& c : components_) {
    const std::string kind = c.KindName();
    size_t index = c.kind == ComponentKind::kUnit ? unit_index++ : stack_index++;
    auto bad = [&](const std::string& msg, const std::string& hint) {
      diags_.Add(MakeError("Invalid " + kind + " block", msg + "; " + hint, c.def_range));
    };
    std::string name = c.name;
    name.erase(0, name.find_first_not_of(" \t"));
    if (name.empty()) {
      bad(kind + " at index " + std::to_string(index) + " has empty name", "give the block a name label.");
    }
    std::string src = c.source;
    src.erase(0, src.find_first_not_of(" \t\n"));
    if (src.empty()) bad(kind + " '" + c.name + "' has empty source", "set source to a directory or git URL.");
    std::string path = c.path;
    path.erase(0, path.find_first_not_of(" \t\n"));
    if (path.empty()) {
      bad(kind + " '" + c.name + "' has empty path", "set path to a directory relative to the stack.");
      continue;
    }
    if (fs::path(c.path).is_absolute()) {
      bad(kind + " '" + c.name + "' path '" + c.path + "' must be relative",
          "write it relative to the stack's directory.");
      continue;
    }
    const fs::path base = c.no_dot_terragrunt_stack ? dir_ : dir_ / kStackDirName;
    fs::path rel = c.target_dir.lexically_relative(base);
    if (rel.empty() || rel == "." || *rel.begin() == "..") {
      bad(c.name + " destination path '" + c.target_dir.string() + "' is outside of the stack directory",
          "use a path below " + base.string() + " without '..'.");
      continue;
    }
    auto& names = c.kind == ComponentKind::kUnit ? unit_names : stack_names;
    if (auto [it, fresh] = names.emplace(c.name, &c); !fresh) {
      bad("duplicate " + kind + " name found: '" + c.name + "'",
          "the first is at " + it->second->def_range.ToString() + "; rename one of them.");
    }
    if (auto [it, fresh] = paths.emplace(c.target_dir.string(), &c); !fresh) {
      const StackComponent& other = *it->second;
      if (other.kind == c.kind) {
        bad("duplicate " + kind + " path found: '" + c.path + "'",
            std::string(other.KindName()) + " '" + other.name + "' at " + other.def_range.ToString() +
                " generates into the same directory; give each a different path.");
      } else {
        bad(kind + " '" + c.name + "' and " + other.KindName() + " '" + other.name + "' have the same path '" +
                c.path + "'",
            "a unit and a stack cannot generate into the same directory; change one of the paths.");
      }
    }
  }
}

StackParseResult StackParser::Run() {
  StackParseResult result;
  hcl::Range start = FileStartRange(file_);
  files_read_.push_back(file_.string());

  ValuesResult v = ReadValuesFile(phys_dir_);
  diags_.Append(std::move(v.diags));
  values_found_ = v.found;
  values_ = v.values;
  if (v.found) files_read_.push_back((phys_dir_ / kValuesFileName).string());

  const hcl::Body* body = nullptr;
  if (!LoadFile(file_, start, &body) || diags_.HasErrors()) {
    result.diags = std::move(diags_);
    return result;
  }
  BuildContext();
  CollectTop(*body, file_, /*included=*/false);
  if (!diags_.HasErrors()) EvalLocals();
  if (!diags_.HasErrors()) EvalPaths();
  if (!diags_.HasErrors()) EvalRest();
  if (!diags_.HasErrors()) Validate();
  if (diags_.HasErrors()) {
    result.diags = std::move(diags_);
    return result;
  }

  auto stack = std::make_shared<StackFile>();
  stack->file = file_;
  stack->dir = dir_;
  stack->values = values_found_ ? values_ : cty::Value();
  stack->locals = cty::Value::Object(locals_);
  for (StackComponent& c : components_) {
    (c.kind == ComponentKind::kUnit ? stack->units : stack->stacks).push_back(std::move(c));
  }
  stack->files_read = std::move(files_read_);
  if (fctx_->files_read) {
    for (const std::string& f : *fctx_->files_read) stack->files_read.push_back(f);
  }
  result.stack = std::move(stack);
  result.diags = std::move(diags_);
  return result;
}

cty::Value ComponentsAsCty(const std::vector<StackComponent>& cs) {
  std::map<std::string, cty::Value> out;
  for (const StackComponent& c : cs) {
    out[c.name] = cty::Value::Object({
        {"name", cty::Value::String(c.name)},
        {"source", cty::Value::String(c.source)},
        {"path", cty::Value::String(c.path)},
        {"values", c.values},
        {"no_dot_terragrunt_stack", cty::Value::Bool(c.no_dot_terragrunt_stack)},
        {"no_validation", cty::Value::Bool(c.no_validation)},
    });
  }
  return cty::Value::Object(std::move(out));
}

}  // namespace

bool StackParseOptions::ExperimentEnabled(const std::string& name) const {
  return experiment_mode || std::find(experiments.begin(), experiments.end(), name) != experiments.end();
}

StackParseResult ParseStackFile(const std::filesystem::path& file, const StackParseOptions& options) {
  StackParser parser(file, options);
  return parser.Run();
}

cty::Value StackFileAsCty(const StackFile& stack) {
  return cty::Value::Object({
      {"local", stack.locals.IsNull() ? cty::Value::EmptyObject() : stack.locals},
      {"unit", ComponentsAsCty(stack.units)},
      {"stack", ComponentsAsCty(stack.stacks)},
  });
}

ValuesResult ReadValuesFile(const std::filesystem::path& dir) {
  ValuesResult r;
  const fs::path file = dir / kValuesFileName;
  std::error_code ec;
  if (!fs::exists(file, ec)) return r;
  r.found = true;
  std::string error;
  std::optional<std::string> src = ReadWholeFile(file, &error);
  if (!src) {
    r.diags.Add(MakeError("Cannot read values file", error + ". Check the file's permissions.", FileStartRange(file)));
    return r;
  }
  hcl::ParsedFile parsed = ParseAny(*src, file);
  r.diags.Append(std::move(parsed.diags));
  if (r.diags.HasErrors()) return r;
  hcl::AttributesResult attrs = hcl::JustAttributes(parsed.file.body);
  r.diags.Append(std::move(attrs.diags));
  if (r.diags.HasErrors()) return r;
  funcs::StandardOptions fo;
  fo.base_dir = dir.string();
  hcl::EvalContext ctx = funcs::StandardContext(fo);
  std::map<std::string, cty::Value> values;
  for (const auto& [name, attr] : attrs.attributes) {
    hcl::Evaluated v = attr->expr->Value(&ctx);
    r.diags.Append(std::move(v.diags));
    values[name] = v.value;
  }
  if (!r.diags.HasErrors()) r.values = cty::Value::Object(std::move(values));
  return r;
}

std::optional<std::string> RenderValuesFile(const cty::Value& values, std::string* error) {
  cty::Value v = values.UnmarkDeep();
  if (!v.IsKnown() || v.IsNull() || !(v.type().IsObject() || v.type().IsMap())) {
    *error = "writeValues: expected object or map, got " +
             (!v.IsKnown() ? std::string("an unknown value") : v.IsNull() ? std::string("null")
                                                                           : v.type().FriendlyName());
    return std::nullopt;
  }
  std::string text = kValuesHeader;
  text += "\n";
  for (const auto& [key, e] : v.Attributes()) {  // std::map: sorted by key
    if (!ValidIdentifier(key)) {
      *error = "writeValues: the key \"" + key +
               "\" is not a valid HCL attribute name (letters, digits, '_' and '-', not starting with a digit); "
               "rename it";
      return std::nullopt;
    }
    text += key;
    text += " = ";
    if (!AppendValue(e, key, &text, error)) return std::nullopt;
    text += "\n";
  }
  return hcl::Format(text);
}

bool WriteValuesFile(const std::filesystem::path& dir, const cty::Value& values, std::string* error) {
  std::optional<std::string> text = RenderValuesFile(values, error);
  if (!text) return false;
  const fs::path file = dir / kValuesFileName;
  std::string tmpl = (dir / (std::string(".") + kValuesFileName + ".tmp-XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    *error = "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
    return false;
  }
  bool ok = fchmod(fd, 0644) == 0;
  size_t off = 0;
  while (ok && off < text->size()) {
    ssize_t n = write(fd, text->data() + off, text->size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    off += static_cast<size_t>(n);
  }
  int saved = errno;
  if (close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (ok && rename(tmpl.c_str(), file.c_str()) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    unlink(tmpl.c_str());
    *error = "cannot write " + file.string() + ": " + std::strerror(saved);
    return false;
  }
  return true;
}

}  // namespace config
