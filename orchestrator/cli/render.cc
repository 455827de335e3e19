#include "cli/render.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "config/config.h"
#include "cty/json.h"
#include "hcl/diagnostic.h"

namespace edp::stack {
namespace {

namespace fs = std::filesystem;

// JSON with two-space indentation and sorted keys; leaves via cty's JSON
// encoding. False if the value cannot be encoded (unknowns).
bool Pretty(const cty::Value& raw, int indent, std::string* o) {
  cty::Value v = raw.UnmarkDeep();
  if (!v.IsKnown()) return false;
  const cty::Type& t = v.type();
  const std::string pad(static_cast<size_t>(indent) + 2, ' ');
  if (!v.IsNull() && (t.IsObject() || t.IsMap())) {
    if (v.LengthInt() == 0) {
      *o += "{}";
      return true;
    }
    *o += "{\n";
    bool first = true;
    for (const auto& [k, e] : v.Attributes()) {
      if (!first) *o += ",\n";
      first = false;
      auto key = cty::json::Marshal(cty::Value::String(k), cty::Type::String());
      if (!key.ok()) return false;
      *o += pad + *key + ": ";
      if (!Pretty(e, indent + 2, o)) return false;
    }
    *o += "\n" + std::string(static_cast<size_t>(indent), ' ') + "}";
    return true;
  }
  if (!v.IsNull() && (t.IsList() || t.IsSet() || t.IsTuple())) {
    if (v.LengthInt() == 0) {
      *o += "[]";
      return true;
    }
    *o += "[\n";
    bool first = true;
    for (const auto& e : v.Elements()) {
      if (!first) *o += ",\n";
      first = false;
      *o += pad;
      if (!Pretty(e, indent + 2, o)) return false;
    }
    *o += "\n" + std::string(static_cast<size_t>(indent), ' ') + "]";
    return true;
  }
  auto leaf = cty::json::Marshal(v, t.IsDynamic() ? cty::Type::Dynamic() : t);
  if (!leaf.ok()) return false;
  *o += *leaf;
  return true;
}

bool WriteAtomically(const fs::path& path, const std::string& data, std::string* error) {
  std::string tmpl = path.string() + ".tmp.XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    *error = "cannot create a temporary file next to " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  auto fail = [&](const std::string& what) {
    *error = what + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return false;
  };
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot write " + tmpl);
    off += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) return fail("cannot set permissions of " + tmpl);
  if (::fsync(fd) != 0) return fail("cannot sync " + tmpl);
  if (::close(fd) != 0) {
    *error = "cannot close " + tmpl + ": " + std::strerror(errno);
    ::unlink(tmpl.c_str());
    return false;
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    *error = "cannot rename " + tmpl + " to " + path.string() + ": " + std::strerror(errno);
    ::unlink(tmpl.c_str());
    return false;
  }
  return true;
}

}  // namespace

int RunRender(const RenderOptions& options, std::ostream& out, std::ostream& err) {
  std::string format = options.format;
  if (options.json) {
    if (!format.empty() && format != "json") {
      err << "edp-stack render: --json and --format " << format << " contradict each other; pass one of them\n";
      return 2;
    }
    format = "json";
  }
  if (format.empty()) format = "hcl";
  if (format != "hcl" && format != "json") {
    err << "edp-stack render: unknown --format \"" << format << "\"; use hcl or json\n";
    return 2;
  }

  config::LoadOptions lo;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  fs::path wd = options.working_dir.empty() ? cwd : fs::absolute(options.working_dir, ec);
  fs::path dir = options.dir.empty() ? wd : fs::path(options.dir);
  if (dir.is_relative()) dir = wd / dir;
  dir = dir.lexically_normal();
  lo.working_dir = wd;
  lo.terraform_command = "render";
  lo.always_allow_mocks = true;
  for (const auto& f : options.features) {
    auto eq = f.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "edp-stack render: --feature \"" << f << "\" is not NAME=VALUE (e.g. --feature enable_x=true)\n";
      return 2;
    }
    lo.feature_overrides[f.substr(0, eq)] = cty::Value::String(f.substr(eq + 1));
  }

  config::Loader loader(lo);
  config::LoadResult r = loader.LoadUnit(dir);
  auto lookup = [&](const std::string& name) { return loader.Source(name); };
  if (!r.config || r.diags.HasErrors()) {
    // One FILE:LINE:COLUMN: summary line per error, then the snippets.
    for (const auto& d : r.diags) {
      if (d.severity != hcl::Severity::kError) continue;
      if (d.subject && !d.subject->filename.empty())
        err << d.subject->filename.str() << ":" << d.subject->start.line << ":" << d.subject->start.column << ": ";
      else
        err << dir.string() << ": ";
      err << d.summary << "\n";
    }
    err << "\n" << hcl::RenderDiagnostics(r.diags, lookup);
    if (r.diags.empty()) err << "edp-stack render: " << dir.string() << ": the configuration could not be loaded\n";
    return 1;
  }
  if (!r.diags.empty()) err << hcl::RenderDiagnostics(r.diags, lookup);  // warnings

  cty::Value rendered = config::Loader::Render(*r.config);
  std::string text;
  if (format == "json") {
    if (!Pretty(rendered, 0, &text)) {
      err << "edp-stack render: " << r.config->config_file.string()
          << ": the configuration holds values that are not known yet and cannot be printed as JSON\n";
      return 1;
    }
    text += "\n";
  } else {
    text = config::Loader::RenderHCL(rendered);
  }

  if (!options.write && options.out.empty()) {
    out << text;
    return 0;
  }
  fs::path unit_dir = r.config->config_file.parent_path();
  fs::path target = options.out.empty() ? fs::path(format == "json" ? "terragrunt.rendered.json" : "terragrunt.rendered.hcl")
                                        : fs::path(options.out);
  if (target.is_relative()) target = unit_dir / target;
  std::string error;
  if (!WriteAtomically(target, text, &error)) {
    err << "edp-stack render: " << error << "\n";
    return 1;
  }
  err << "Rendered config written to " << target.string() << "\n";
  return 0;
}

}  // namespace edp::stack
