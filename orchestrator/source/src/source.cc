// Source parsing, URL redaction, directory copies and the cache location
// (source.h).
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <system_error>

#include "source/source.h"

namespace source {
namespace {

namespace fs = std::filesystem;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool StartsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

// go-getter SourceDirSubdir: splits "URL//subdir?query" into "URL?query"
// and "subdir"; a "//" right after "scheme:" does not count.
void SourceDirSubdir(const std::string& src, std::string* dir, std::string* subdir) {
  size_t stop = src.find('?');
  if (stop == std::string::npos) stop = src.size();
  size_t offset = 0;
  size_t scheme = src.substr(0, stop).find("://");
  if (scheme != std::string::npos) offset = scheme + 3;
  size_t idx = src.substr(0, stop).find("//", offset);
  if (idx == std::string::npos) {
    *dir = src;
    subdir->clear();
    return;
  }
  std::string sub = src.substr(idx + 2);
  *dir = src.substr(0, idx);
  size_t q = sub.find('?');
  if (q != std::string::npos) {
    *dir += sub.substr(q);
    sub = sub.substr(0, q);
  }
  *subdir = sub;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Splits "url?a=b&c=d" into the URL and its `ref` parameter.
bool SplitQuery(const std::string& in, std::string* url, std::string* ref, std::string* error) {
  size_t q = in.find('?');
  *url = in.substr(0, q);
  ref->clear();
  if (q == std::string::npos) return true;
  std::string query = in.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : PercentDecode(kv.substr(eq + 1));
    if (key == "ref") {
      *ref = value;
    } else if (key == "sshkey") {
      *error = "the sshkey parameter is not supported by edp-stack; configure the key for git (ssh-agent or "
               "~/.ssh/config) and remove the parameter";
      return false;
    }
    // depth and other go-getter parameters only tune the download.
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  if (!ref->empty() && ((*ref)[0] == '-' || ref->find_first_of(" \t\r\n\\:~^?*[") != std::string::npos)) {
    *error = "the ref \"" + *ref + "\" is not a valid git ref name";
    return false;
  }
  return true;
}

bool MakeGit(const std::string& src, const std::string& original, Source* out, std::string* error) {
  std::string dir, subdir, url, ref;
  SourceDirSubdir(src, &dir, &subdir);
  if (!SplitQuery(dir, &url, &ref, error)) return false;
  if (url.empty() || url[0] == '-') {
    *error = "the git URL \"" + RedactURL(url) + "\" is not valid";
    return false;
  }
  // go-getter's GitHub/GitLab detectors: host/org/repo[/sub] over https.
  for (const char* host : {"github.com/", "gitlab.com/", "bitbucket.org/"}) {
    if (!StartsWith(url, host)) continue;
    std::vector<std::string> parts;
    size_t pos = 0;
    while (pos <= url.size()) {
      size_t slash = url.find('/', pos);
      parts.push_back(url.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos));
      if (slash == std::string::npos) break;
      pos = slash + 1;
    }
    if (parts.size() < 3 || parts[1].empty() || parts[2].empty()) {
      *error = std::string("a ") + host + " source needs the form " + host + "ORG/REPO[//SUBDIR][?ref=REF]";
      return false;
    }
    url = "https://" + parts[0] + "/" + parts[1] + "/" + parts[2];
    if (url.size() < 4 || url.compare(url.size() - 4, 4, ".git") != 0) url += ".git";
    std::string extra;
    for (size_t i = 3; i < parts.size(); ++i) extra += (extra.empty() ? "" : "/") + parts[i];
    if (!extra.empty()) subdir = subdir.empty() ? extra : extra + "/" + subdir;
    break;
  }
  while (!subdir.empty() && subdir.back() == '/') subdir.pop_back();
  if (!subdir.empty()) {
    fs::path sp = fs::path(subdir).lexically_normal();
    if (sp.is_absolute() || (!sp.empty() && *sp.begin() == "..")) {
      *error = "the subdirectory \"" + subdir + "\" must stay inside the repository";
      return false;
    }
  }
  out->kind = Source::Kind::kGit;
  out->original = original;
  out->git_url = url;
  out->ref = ref;
  out->subdir = subdir;
  return true;
}

}  // namespace

bool ParseSource(const std::string& src_in, const std::filesystem::path& base_dir, Source* out, std::string* error) {
  const std::string src = Trim(src_in);
  *out = Source();
  out->original = src_in;
  if (src.empty()) {
    *error = "the source is empty";
    return false;
  }
  if (StartsWith(src, "file://")) {
    std::string dir, subdir, path, ref;
    SourceDirSubdir(src, &dir, &subdir);
    if (!SplitQuery(dir.substr(7), &path, &ref, error)) return false;
    fs::path p = path;
    if (p.is_relative()) p = base_dir / p;
    if (!subdir.empty()) p /= subdir;
    out->kind = Source::Kind::kLocal;
    out->local_dir = p.lexically_normal();
    return true;
  }
  // Forced getter: "name::rest".
  size_t forced = src.find("::");
  if (forced != std::string::npos && forced > 0 &&
      src.find_first_of("/:.") >= forced) {  // the "::" comes before any path or scheme
    std::string getter = src.substr(0, forced);
    if (getter == "git") return MakeGit(src.substr(forced + 2), src_in, out, error);
    *error = "the " + getter +
             ":: getter is not supported by edp-stack (supported: local directories, file://, git::URL and "
             "github.com/ORG/REPO)";
    return false;
  }
  size_t scheme = src.find("://");
  if (scheme != std::string::npos) {
    std::string s = src.substr(0, scheme);
    if (s == "git" || s == "ssh") return MakeGit(src, src_in, out, error);
    *error = s + ":// sources are not supported by edp-stack; for a git repository write git::" + RedactURL(src) +
             " (supported: local directories, file://, git::URL and github.com/ORG/REPO)";
    return false;
  }
  if (StartsWith(src, "github.com/") || StartsWith(src, "gitlab.com/") || StartsWith(src, "bitbucket.org/")) {
    return MakeGit(src, src_in, out, error);
  }
  if (StartsWith(src, "git@")) return MakeGit(src, src_in, out, error);
  // A local path; "//" only marks the subdirectory.
  std::string path = src;
  for (size_t i; (i = path.find("//")) != std::string::npos;) path.erase(i, 1);
  fs::path p = path;
  if (p.is_relative()) p = base_dir / p;
  out->kind = Source::Kind::kLocal;
  out->local_dir = p.lexically_normal();
  std::string s = out->local_dir.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  out->local_dir = s;
  return true;
}

std::string RedactURL(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string::npos) return url;
  return url.substr(0, start) + authority.substr(at + 1) + (end == std::string::npos ? "" : url.substr(end));
}

bool CopyTree(const std::filesystem::path& from, const std::filesystem::path& to, std::string* error) {
  std::error_code ec;
  if (!fs::is_directory(to, ec)) {
    fs::create_directories(to, ec);
    std::error_code ec2;
    if (ec && !fs::is_directory(to, ec2)) {
      *error = "cannot create " + to.string() + ": " + ec.message();
      return false;
    }
    fs::permissions(to, fs::status(from, ec).permissions(), ec);
  }
  std::error_code iec;
  fs::directory_iterator it(from, iec);
  for (; !iec && it != fs::directory_iterator(); it.increment(iec)) {
    const fs::directory_entry& e = *it;
    const std::string name = e.path().filename().string();
    const fs::path target = to / name;
    fs::file_status st = e.symlink_status(ec);
    if (ec) {
      *error = "cannot read " + e.path().string() + ": " + ec.message();
      return false;
    }
    if (fs::is_symlink(st)) {
      fs::remove(target, ec);
      fs::copy_symlink(e.path(), target, ec);
    } else if (fs::is_directory(st)) {
      if (name == ".git" || name == ".terraform" || name == ".terragrunt-cache" ||
          name.compare(0, 17, ".terragrunt-stack") == 0) {
        continue;
      }
      if (!CopyTree(e.path(), target, error)) return false;
      continue;
    } else if (fs::is_regular_file(st)) {
      if (fs::is_symlink(fs::symlink_status(target, ec))) fs::remove(target, ec);
      fs::copy_file(e.path(), target, fs::copy_options::overwrite_existing, ec);
    } else {
      continue;  // sockets, FIFOs, devices are not part of a unit
    }
    if (ec) {
      *error = "cannot copy " + e.path().string() + " to " + target.string() + ": " + ec.message();
      return false;
    }
  }
  if (iec) {
    *error = "cannot read directory " + from.string() + ": " + iec.message();
    return false;
  }
  return true;
}

std::filesystem::path CacheDir(const std::filesystem::path& download_dir,
                               const std::function<std::optional<std::string>(const std::string&)>& getenv) {
  if (!download_dir.empty()) return download_dir;
  auto get = [&](const char* name) -> std::string {
    if (getenv) return getenv(name).value_or("");
    const char* v = std::getenv(name);
    return v == nullptr ? "" : v;
  };
  std::string xdg = get("XDG_CACHE_HOME");
  if (!xdg.empty()) return fs::path(xdg) / "edp-stack";
  std::string home = get("HOME");
  if (!home.empty()) return fs::path(home) / ".cache" / "edp-stack";
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  return (ec ? fs::path("/tmp") : tmp) / ("edp-stack-cache-" + std::to_string(getuid()));
}

}  // namespace source
