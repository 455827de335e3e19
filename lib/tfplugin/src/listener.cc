// Listening sockets (see listener.h).
#include "listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace tfplugin::internal {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// Ten random decimal digits (Go's CreateTemp uses a random uint32 in decimal).
std::string RandomDigits() {
  unsigned char bytes[10];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // Fall back to a weaker but still varying source; uniqueness is checked
    // by bind() anyway.
    for (size_t i = 0; i < sizeof bytes; ++i) {
      bytes[i] = static_cast<unsigned char>(std::rand());  // NOLINT: fallback only
    }
  }
  std::string out;
  for (unsigned char b : bytes) out.push_back(static_cast<char>('0' + b % 10));
  return out;
}

bool ResolveGroup(const std::string& group, gid_t* gid, std::string* error) {
  bool numeric = !group.empty();
  for (char c : group) numeric = numeric && c >= '0' && c <= '9';
  if (numeric) {
    *gid = static_cast<gid_t>(std::strtoul(group.c_str(), nullptr, 10));
    return true;
  }
  std::vector<char> buf(16384);
  struct group g{};
  struct group* result = nullptr;
  const int rc = getgrnam_r(group.c_str(), &g, buf.data(), buf.size(), &result);
  if (rc != 0 || result == nullptr) {
    *error = "PLUGIN_UNIX_SOCKET_GROUP: unknown group \"" + group + "\"";
    return false;
  }
  *gid = g.gr_gid;
  return true;
}

}  // namespace

Listener::Listener(Listener&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      network_(std::move(o.network_)),
      address_(std::move(o.address_)),
      unix_path_(std::move(o.unix_path_)) {
  o.unix_path_.clear();
}

Listener& Listener::operator=(Listener&& o) noexcept {
  if (this != &o) {
    Close();
    fd_ = std::exchange(o.fd_, -1);
    network_ = std::move(o.network_);
    address_ = std::move(o.address_);
    unix_path_ = std::move(o.unix_path_);
    o.unix_path_.clear();
  }
  return *this;
}

void Listener::Close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!unix_path_.empty()) {
    ::unlink(unix_path_.c_str());
    unix_path_.clear();
  }
}

std::optional<Listener> Listener::Unix(const std::string& dir_in, const std::string& group,
                                       std::string* error) {
  std::string dir = dir_in;
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    dir = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();

  gid_t gid = 0;
  if (!group.empty() && !ResolveGroup(group, &gid, error)) return std::nullopt;

  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string path = dir + "/plugin" + RandomDigits();
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
      *error = "unix socket path \"" + path + "\" is longer than " +
               std::to_string(sizeof addr.sun_path - 1) +
               " bytes; set PLUGIN_UNIX_SOCKET_DIR or TMPDIR to a shorter directory";
      return std::nullopt;
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);

    Listener l;
    l.fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l.fd_ < 0) {
      *error = Errno("cannot create unix socket");
      return std::nullopt;
    }
    if (::bind(l.fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      if (errno == EADDRINUSE) continue;  // name taken: try another
      *error = Errno("cannot bind unix socket " + path);
      return std::nullopt;
    }
    l.unix_path_ = path;  // from now on Close() removes it
    // Restrict access before listen(): nobody can connect before that.
    if (!group.empty()) {
      if (::chown(path.c_str(), static_cast<uid_t>(-1), gid) != 0 ||
          ::chmod(path.c_str(), 0660) != 0) {
        *error = Errno("cannot give socket " + path + " to group " + group);
        return std::nullopt;
      }
    } else if (::chmod(path.c_str(), 0600) != 0) {
      *error = Errno("cannot chmod socket " + path);
      return std::nullopt;
    }
    if (::listen(l.fd_, SOMAXCONN) != 0) {
      *error = Errno("cannot listen on " + path);
      return std::nullopt;
    }
    l.network_ = "unix";
    l.address_ = path;
    return l;
  }
  *error = "cannot find a free unix socket name in " + dir;
  return std::nullopt;
}

std::optional<Listener> Listener::Tcp(int min_port, int max_port, std::string* error) {
  if (min_port < 0 || max_port < 0 || min_port > 65535 || max_port > 65535 ||
      min_port > max_port) {
    *error = "invalid port range PLUGIN_MIN_PORT=" + std::to_string(min_port) +
             " PLUGIN_MAX_PORT=" + std::to_string(max_port);
    return std::nullopt;
  }
  for (int port = min_port; port <= max_port; ++port) {
    Listener l;
    l.fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (l.fd_ < 0) {
      *error = Errno("cannot create tcp socket");
      return std::nullopt;
    }
    const int one = 1;
    ::setsockopt(l.fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (::bind(l.fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      if (errno == EADDRINUSE || errno == EACCES) continue;
      *error = Errno("cannot bind 127.0.0.1:" + std::to_string(port));
      return std::nullopt;
    }
    if (::listen(l.fd_, SOMAXCONN) != 0) {
      if (errno == EADDRINUSE) continue;
      *error = Errno("cannot listen on 127.0.0.1:" + std::to_string(port));
      return std::nullopt;
    }
    socklen_t len = sizeof addr;
    ::getsockname(l.fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    l.network_ = "tcp";
    l.address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    return l;
  }
  *error = "no free port on 127.0.0.1 in " + std::to_string(min_port) + ".." +
           std::to_string(max_port);
  return std::nullopt;
}

}  // namespace tfplugin::internal
