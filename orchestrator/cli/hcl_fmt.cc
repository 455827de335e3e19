#include "cli/hcl_fmt.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <system_error>

#include "cli/unified_diff.h"
#include "hcl/format.h"
#include "hcl/parse.h"

namespace edp::stack {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSkipDirs[] = {".terragrunt-cache", ".terragrunt-stack", ".terraform", ".git"};
constexpr const char* kStdinName = "<stdin>";

bool SkippedDir(const fs::path& p) {
  const std::string name = p.filename().string();
  return std::any_of(std::begin(kSkipDirs), std::end(kSkipDirs), [&](const char* s) { return name == s; });
}

bool Formattable(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".hcl" || ext == ".tf";
}

std::string Errno() { return std::strerror(errno); }

bool ReadAll(const std::string& path, std::string* data, std::string* error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot read " + path + ": " + Errno();
    return false;
  }
  data->clear();
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = "cannot read " + path + ": " + Errno();
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    data->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

// Replaces `link_path` by `data` atomically, keeping its permission bits;
// a symlink is kept and its target replaced.
bool WriteAtomic(const std::string& link_path, const std::string& data, std::string* error) {
  std::error_code ec;
  const fs::path resolved = fs::canonical(link_path, ec);
  const std::string path = ec ? link_path : resolved.string();
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    *error = "cannot stat " + path + ": " + Errno();
    return false;
  }
  fs::path p(path);
  std::string tmpl = (p.parent_path() / ("." + p.filename().string() + ".edp-fmt-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    *error = "cannot create a temporary file next to " + path + ": " + Errno() +
             " (the directory must be writable)";
    return false;
  }
  auto fail = [&](const std::string& what) {
    *error = what + ": " + Errno();
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
  if (::fchmod(fd, st.st_mode & 07777) != 0) return fail("cannot set the permissions of " + tmpl);
  if (::fsync(fd) != 0) return fail("cannot sync " + tmpl);
  if (::close(fd) != 0) {
    *error = "cannot close " + tmpl + ": " + Errno();
    ::unlink(tmpl.c_str());
    return false;
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    *error = "cannot replace " + path + ": " + Errno();
    ::unlink(tmpl.c_str());
    return false;
  }
  return true;
}

class Fmt {
 public:
  Fmt(const FmtOptions& opts, std::ostream& out, std::ostream& err) : opts_(opts), out_(out), err_(err) {}

  // Formats one source; returns false on syntax errors (reported).
  bool Format(const std::string& name, const std::string& src, std::string* formatted) {
    hcl::ParsedFile parsed = hcl::ParseConfig(src, name);
    if (parsed.diags.HasErrors()) {
      for (const hcl::Diagnostic& d : parsed.diags) {
        if (d.severity != hcl::Severity::kError) continue;
        err_ << "edp-stack hcl fmt: ";
        if (d.subject) err_ << name << ":" << d.subject->start.line << ":" << d.subject->start.column << ": ";
        err_ << d.summary << "\n";
      }
      err_ << hcl::RenderDiagnostics(parsed.diags, [&](const std::string& f) {
        return f == name ? std::string_view(src) : std::string_view();
      });
      err_ << "edp-stack hcl fmt: " << name << " was left unchanged; fix the errors above and run again.\n";
      return false;
    }
    hcl::FormatResult r = hcl::FormatWithDiagnostics(src, name);
    if (r.diags.HasErrors()) {  // not reached: the parser checks the same tokens
      err_ << hcl::RenderDiagnostics(r.diags, [&](const std::string&) { return std::string_view(src); });
      return false;
    }
    *formatted = std::move(r.text);
    return true;
  }

  void File(const std::string& path) {
    std::string src, error;
    if (!ReadAll(path, &src, &error)) {
      err_ << "edp-stack hcl fmt: " << error << "\n";
      failed_ = true;
      return;
    }
    std::string formatted;
    if (!Format(path, src, &formatted)) {
      failed_ = true;
      return;
    }
    if (formatted == src) return;
    if (opts_.diff) out_ << UnifiedDiff(src, formatted, "a/" + path, "b/" + path) << std::flush;
    if (opts_.check) {
      out_ << path << "\n";
      unformatted_ = true;
      return;
    }
    if (!WriteAtomic(path, formatted, &error)) {
      err_ << "edp-stack hcl fmt: " << error << "\n";
      failed_ = true;
      return;
    }
    if (!opts_.diff) out_ << path << "\n";
  }

  void Stdin(std::istream& in) {
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string src = buf.str();
    std::string formatted;
    if (!Format(kStdinName, src, &formatted)) {
      failed_ = true;
      return;
    }
    if (formatted != src) unformatted_ = true;
    if (opts_.diff) {
      out_ << UnifiedDiff(src, formatted, std::string("a/") + kStdinName, std::string("b/") + kStdinName);
    } else if (!opts_.check) {
      out_ << formatted;
    }
  }

  void Path(const std::string& path) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      err_ << "edp-stack hcl fmt: " << path << ": no such file or directory\n";
      failed_ = true;
      return;
    }
    if (!fs::is_directory(st)) {
      File(path);
      return;
    }
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(path, ec), end;
    if (ec) {
      err_ << "edp-stack hcl fmt: cannot list " << path << ": " << ec.message() << "\n";
      failed_ = true;
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        err_ << "edp-stack hcl fmt: cannot list " << path << ": " << ec.message() << "\n";
        failed_ = true;
        break;
      }
      std::error_code tec;
      if (it->is_directory(tec) && !it->is_symlink(tec)) {
        if (SkippedDir(it->path())) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(tec) || !Formattable(it->path())) continue;
      std::string f = it->path().string();
      if (path == "." && f.starts_with("./")) f.erase(0, 2);  // "a.hcl", not "./a.hcl"
      files.push_back(std::move(f));
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) File(f);
  }

  int Status() const { return failed_ || (opts_.check && unformatted_) ? 1 : 0; }

 private:
  const FmtOptions& opts_;
  std::ostream& out_;
  std::ostream& err_;
  bool failed_ = false;
  bool unformatted_ = false;
};

}  // namespace

int RunHclFmt(const FmtOptions& opts, std::istream& in, std::ostream& out, std::ostream& err) {
  Fmt fmt(opts, out, err);
  std::vector<std::string> paths = opts.paths;
  bool use_stdin = opts.use_stdin;
  paths.erase(std::remove_if(paths.begin(), paths.end(),
                             [&](const std::string& p) { return p == "-" ? (use_stdin = true) : false; }),
              paths.end());
  if (use_stdin) {
    if (!paths.empty()) {
      err << "edp-stack hcl fmt: standard input (\"-\" or --stdin) cannot be combined with paths\n";
      return 2;
    }
    fmt.Stdin(in);
    return fmt.Status();
  }
  if (paths.empty()) paths.push_back(".");
  for (const std::string& p : paths) fmt.Path(p);
  return fmt.Status();
}

}  // namespace edp::stack
