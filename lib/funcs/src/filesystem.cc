// Filesystem functions (OpenTofu lang/funcs/filesystem.go and the file hash
// functions of crypto.go): abspath basename dirname pathexpand file
// filebase64 fileexists fileset filemd5 filesha1 filesha256 filesha512
// filebase64sha256 filebase64sha512. Relative paths are resolved against
// StandardOptions::base_dir, as tofu resolves them against the module
// directory.
#include <openssl/evp.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "internal.h"

namespace funcs::internal {
namespace {

// Go path/filepath.Clean (Unix).
std::string Clean(const std::string& path) {
  if (path.empty()) return ".";
  bool rooted = path[0] == '/';
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string seg;
  while (std::getline(ss, seg, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!rooted) {
        parts.push_back("..");
      }
      continue;
    }
    parts.push_back(seg);
  }
  std::string out = rooted ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty() && b.empty()) return "";
  if (a.empty()) return Clean(b);
  if (b.empty()) return Clean(a);
  return Clean(a + "/" + b);
}

std::string Base(std::string path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") return "/";
  size_t i = path.rfind('/');
  return i == std::string::npos ? path : path.substr(i + 1);
}

std::string Dir(const std::string& path) {
  size_t i = path.rfind('/');
  std::string dir = i == std::string::npos ? "" : path.substr(0, i + 1);
  return Clean(dir);
}

// Go's syscall.Errno text: strerror with a lower-case first letter.
std::string GoErrno(int e) {
  std::string s = std::strerror(e);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Cwd() {
  char buf[4096];
  return getcwd(buf, sizeof buf) ? std::string(buf) : std::string(".");
}

// mitchellh/go-homedir Expand.
bool ExpandHome(const std::string& path, std::string* out, std::string* err) {
  if (path.empty() || path[0] != '~') {
    *out = path;
    return true;
  }
  if (path.size() > 1 && path[1] != '/' && path[1] != '\\') {
    *err = "cannot expand user-specific home dir";
    return false;
  }
  const char* home = std::getenv("HOME");
  if (!home || !*home) {
    *err = "blank output when reading home directory";
    return false;
  }
  *out = Join(home, path.substr(1));
  return true;
}

std::string Resolve(const std::string& base_dir, const std::string& path) {
  std::string p = path;
  if (p.empty() || p[0] != '/') p = Join(base_dir, p);
  return Clean(p);
}

// The file's bytes, or an error worded as OpenTofu's readFileBytes.
bool ReadFileBytes(const std::string& base_dir, const std::string& path, bool sensitive, std::string* out,
                   std::string* err) {
  std::string expanded;
  if (!ExpandHome(path, &expanded, err)) {
    *err = "failed to expand ~: " + *err;
    return false;
  }
  std::string full = Resolve(base_dir, expanded);
  struct stat st;
  if (stat(full.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      *err = "no file exists at " + RedactString(path, sensitive) +
             "; this function works only with files that are distributed as part of the configuration source "
             "code, so if this file will be created by a resource in this configuration you must instead obtain "
             "this result from an attribute of that resource";
    } else {
      *err = "open " + full + ": " + GoErrno(errno);
    }
    return false;
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) {
    *err = "open " + full + ": " + GoErrno(errno);
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (S_ISDIR(st.st_mode) || in.bad()) {
    *err = "failed to read file: read " + full + ": is a directory";
    return false;
  }
  *out = buf.str();
  return true;
}

Function FileFn(const std::string& base_dir, bool b64) {
  return Fn({Param("path", Type::String(), kAllowMarked)}, Static(Type::String()),
            [base_dir, b64](const Args& a, const Type&) -> FuncResult<Value> {
              std::string path = a[0].Unmark().AsString();
              bool sens = a[0].IsSensitive();
              std::string src, err;
              if (!ReadFileBytes(base_dir, path, sens, &src, &err)) return ArgErr(0, err);
              Value out;
              if (b64) {
                out = Value::String(Base64EncodeBytes(src));
              } else {
                if (!cty::text::IsValidUTF8(src)) {
                  return Err("contents of " + RedactString(path, sens) +
                             " are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded "
                             "contents or the other file functions (e.g. filemd5, filesha256) to obtain file "
                             "hashing results instead");
                }
                out = Value::String(src);
              }
              return a[0].marks() ? out.Mark(a[0].marks()) : out;
            });
}

std::string HexOf(const std::string& d) {
  static const char* h = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) {
    out += h[c >> 4];
    out += h[c & 15];
  }
  return out;
}

Function FileHash(const std::string& base_dir, const EVP_MD* (*md)(), bool b64) {
  return Fn({Param("path", Type::String())}, Static(Type::String()),
            [base_dir, md, b64](const Args& a, const Type&) -> FuncResult<Value> {
              std::string src, err;
              std::string path = a[0].AsString();
              std::string expanded;
              if (!ExpandHome(path, &expanded, &err)) return Err("failed to expand ~: " + err);
              std::string full = Resolve(base_dir, expanded);
              std::ifstream in(full, std::ios::binary);
              if (!in) return Err("open " + full + ": " + GoErrno(errno));
              std::ostringstream buf;
              buf << in.rdbuf();
              std::string d = DigestBytes(md(), buf.str());
              return Value::String(b64 ? Base64EncodeBytes(d) : HexOf(d));
            });
}

FuncResult<Value> FileExists(const std::string& base_dir, const Args& a) {
  std::string path = a[0].Unmark().AsString();
  bool sens = a[0].IsSensitive();
  std::string expanded, err;
  if (!ExpandHome(path, &expanded, &err)) return Err("failed to expand ~: " + err);
  std::string full = Resolve(base_dir, expanded);
  struct stat st;
  if (stat(full.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return a[0].marks() ? Value::False().Mark(a[0].marks()) : Value::False();
    return Err("failed to stat " + RedactString(full, sens));
  }
  if (S_ISREG(st.st_mode)) return a[0].marks() ? Value::True().Mark(a[0].marks()) : Value::True();
  std::string name = RedactString(full, sens);
  if (S_ISDIR(st.st_mode)) return ArgErr(1, name + " is a directory, not a file");
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return ArgErr(1, name + " is a device node, not a regular file");
  if (S_ISFIFO(st.st_mode)) return ArgErr(1, name + " is a named pipe, not a regular file");
  if (S_ISSOCK(st.st_mode)) return ArgErr(1, name + " is a unix domain socket, not a regular file");
  return ArgErr(1, name + " is not a regular file");
}

// ---- doublestar-style glob: '*', '?', '[...]', '{a,b}', '**' (any number
// of directories).

bool MatchClass(std::string_view pat, size_t* pi, char32_t r, bool* ok) {
  size_t p = *pi + 1;
  bool negate = false;
  if (p < pat.size() && (pat[p] == '!' || pat[p] == '^')) {
    negate = true;
    ++p;
  }
  bool matched = false;
  bool first = true;
  while (p < pat.size() && (pat[p] != ']' || first)) {
    first = false;
    size_t q = p;
    char32_t lo = DecodeRune(pat, &q);
    if (lo == '\\' && q < pat.size()) lo = DecodeRune(pat, &q);
    char32_t hi = lo;
    if (q + 1 < pat.size() && pat[q] == '-' && pat[q + 1] != ']') {
      ++q;
      hi = DecodeRune(pat, &q);
    }
    if (lo <= r && r <= hi) matched = true;
    p = q;
  }
  if (p >= pat.size()) {
    *ok = false;
    return false;
  }
  *pi = p + 1;
  return matched != negate;
}

// Matches one path segment against one pattern segment.
bool MatchSegment(std::string_view pat, std::string_view name, bool* ok) {
  size_t p = 0, n = 0;
  while (p < pat.size()) {
    char c = pat[p];
    if (c == '*') {
      ++p;
      if (p == pat.size()) return true;
      for (size_t k = n; k <= name.size(); ++k) {
        if (MatchSegment(pat.substr(p), name.substr(k), ok)) return true;
      }
      return false;
    }
    if (c == '{') {
      size_t close = pat.find('}', p);
      if (close == std::string_view::npos) {
        *ok = false;
        return false;
      }
      std::string_view alts = pat.substr(p + 1, close - p - 1);
      std::string rest(pat.substr(close + 1));
      size_t start = 0;
      for (;;) {
        size_t comma = alts.find(',', start);
        std::string alt(alts.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (MatchSegment(alt + rest, name.substr(n), ok)) return true;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      return false;
    }
    if (n >= name.size()) return false;
    size_t nn = n;
    char32_t r = DecodeRune(name, &nn);
    if (c == '?') {
      ++p;
    } else if (c == '[') {
      if (!MatchClass(pat, &p, r, ok)) return false;
    } else {
      if (c == '\\' && p + 1 < pat.size()) ++p;
      size_t pp = p;
      char32_t pr = DecodeRune(pat, &pp);
      if (pr != r) return false;
      p = pp;
    }
    n = nn;
  }
  return n == name.size();
}

bool HasMeta(std::string_view s) { return s.find_first_of("*?[{\\") != std::string_view::npos; }

std::vector<std::string> SplitSlash(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string seg;
  while (std::getline(ss, seg, '/')) out.push_back(seg);
  return out;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.empty() ? "." : dir.c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") out.push_back(n);
  }
  closedir(d);
  return out;
}

bool IsDir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void Glob(const std::string& dir, const std::vector<std::string>& segs, size_t i, std::vector<std::string>* out,
          bool* ok) {
  auto child = [&](const std::string& name) { return dir == "/" ? "/" + name : (dir.empty() ? name : dir + "/" + name); };
  if (i == segs.size()) {
    out->push_back(dir);
    return;
  }
  const std::string& seg = segs[i];
  if (seg == "**") {
    Glob(dir, segs, i + 1, out, ok);  // zero directories
    for (const std::string& name : ListDir(dir)) {
      std::string c = child(name);
      if (IsDir(c)) Glob(c, segs, i, out, ok);
    }
    return;
  }
  if (!HasMeta(seg)) {
    std::string c = child(seg);
    struct stat st;
    if (lstat(c.c_str(), &st) == 0) Glob(c, segs, i + 1, out, ok);
    return;
  }
  for (const std::string& name : ListDir(dir)) {
    if (MatchSegment(seg, name, ok)) {
      std::string c = child(name);
      if (i + 1 == segs.size() || IsDir(c)) Glob(c, segs, i + 1, out, ok);
    }
  }
}

FuncResult<Value> FileSet(const std::string& base_dir, const Args& a) {
  std::string path = a[0].Unmark().AsString();
  std::string pattern = a[1].Unmark().AsString();
  cty::Marks marks = a[0].marks() | a[1].marks();
  bool sens = a[0].IsSensitive() || a[1].IsSensitive();
  if (path.empty() || path[0] != '/') path = Join(base_dir, path);
  pattern = Join(path, pattern);
  std::vector<std::string> segs = SplitSlash(pattern);
  std::string start;
  size_t i = 0;
  if (!segs.empty() && segs[0].empty()) {  // absolute
    start = "/";
    i = 1;
  }
  std::vector<std::string> matches;
  bool ok = true;
  Glob(start, segs, i, &matches, &ok);
  if (!ok) return Err("failed to glob pattern " + RedactString(pattern, sens) + ": syntax error in pattern");
  std::vector<Value> vals;
  std::string prefix = Clean(path);
  for (const std::string& m : matches) {
    struct stat st;
    if (stat(m.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    std::string rel = m;
    if (prefix == ".") {
      rel = Clean(m);
    } else if (m.compare(0, prefix.size() + 1, prefix + "/") == 0) {
      rel = m.substr(prefix.size() + 1);
    } else if (prefix == "/" && !m.empty() && m[0] == '/') {
      rel = m.substr(1);
    }
    vals.push_back(Value::String(rel));
  }
  Value out = vals.empty() ? Value::EmptySet(Type::String()) : Value::Set(Type::String(), std::move(vals));
  return marks ? out.Mark(marks) : out;
}

}  // namespace

void AddFilesystem(cty::FunctionTable* t, const std::string& base_dir) {
  (*t)["basename"] = Fn({Param("path", Type::String())}, Static(Type::String()),
                        [](const Args& a, const Type&) -> FuncResult<Value> {
                          return Value::String(Base(a[0].AsString()));
                        });
  (*t)["dirname"] = Fn({Param("path", Type::String())}, Static(Type::String()),
                       [](const Args& a, const Type&) -> FuncResult<Value> {
                         return Value::String(Dir(a[0].AsString()));
                       });
  (*t)["abspath"] = Fn({Param("path", Type::String())}, Static(Type::String()),
                       [](const Args& a, const Type&) -> FuncResult<Value> {
                         const std::string& p = a[0].AsString();
                         return Value::String(!p.empty() && p[0] == '/' ? Clean(p) : Join(Cwd(), p));
                       });
  (*t)["pathexpand"] = Fn({Param("path", Type::String())}, Static(Type::String()),
                          [](const Args& a, const Type&) -> FuncResult<Value> {
                            std::string out, err;
                            if (!ExpandHome(a[0].AsString(), &out, &err)) return Err(err);
                            return Value::String(out);
                          });
  (*t)["file"] = FileFn(base_dir, false);
  (*t)["filebase64"] = FileFn(base_dir, true);
  (*t)["fileexists"] = Fn({Param("path", Type::String(), kAllowMarked)}, Static(Type::Bool()),
                          [base_dir](const Args& a, const Type&) { return FileExists(base_dir, a); });
  (*t)["fileset"] = Fn({Param("path", Type::String(), kAllowMarked), Param("pattern", Type::String(), kAllowMarked)},
                       Static(Type::Set(Type::String())),
                       [base_dir](const Args& a, const Type&) { return FileSet(base_dir, a); });
  (*t)["filemd5"] = FileHash(base_dir, EVP_md5, false);
  (*t)["filesha1"] = FileHash(base_dir, EVP_sha1, false);
  (*t)["filesha256"] = FileHash(base_dir, EVP_sha256, false);
  (*t)["filesha512"] = FileHash(base_dir, EVP_sha512, false);
  (*t)["filebase64sha256"] = FileHash(base_dir, EVP_sha256, true);
  (*t)["filebase64sha512"] = FileHash(base_dir, EVP_sha512, true);
}

}  // namespace funcs::internal
