// Accept loop and per-connection TLS termination (see acceptor.h).
#include "acceptor.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/server.h>
#include <grpcpp/server_posix.h>

#include <cstring>
#include <string>

#include "tfplugin/log.h"
#include "tls.h"

namespace tfplugin::internal {
namespace {

void SetTcpOptions(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
}

void Signal(int event_fd) {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(event_fd, &one, sizeof one);
}

}  // namespace

Acceptor::Acceptor(grpc::Server* server, int listen_fd, bool tcp, SSL_CTX* tls,
                   std::chrono::milliseconds handshake_timeout)
    : server_(server),
      listen_fd_(listen_fd),
      tcp_(tcp),
      tls_(tls),
      handshake_timeout_(handshake_timeout) {}

Acceptor::~Acceptor() {
  Stop();
  if (stop_accept_fd_ >= 0) ::close(stop_accept_fd_);
  if (stop_fd_ >= 0) ::close(stop_fd_);
}

bool Acceptor::Start(std::string* error) {
  stop_accept_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_accept_fd_ < 0 || stop_fd_ < 0) {
    *error = std::string("eventfd: ") + std::strerror(errno);
    return false;
  }
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void Acceptor::StopAccepting() {
  if (stop_accept_fd_ < 0) return;
  Signal(stop_accept_fd_);
  if (accept_thread_.joinable()) accept_thread_.join();
  std::lock_guard<std::mutex> lock(mu_);
  server_closed_ = true;
}

bool Acceptor::AddToServer(int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  if (server_closed_) return false;
  grpc::AddInsecureChannelFromFd(server_, fd);  // gRPC owns fd now
  return true;
}

void Acceptor::Stop() {
  if (stop_fd_ < 0) return;
  StopAccepting();
  Signal(stop_fd_);
  std::vector<Connection> conns;
  {
    std::lock_guard<std::mutex> lock(mu_);
    conns.swap(connections_);
  }
  for (auto& c : conns) {
    if (c.thread.joinable()) c.thread.join();
  }
}

void Acceptor::ReapFinished() {
  std::vector<Connection> finished;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (it->done->load()) {
        finished.push_back(std::move(*it));
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& c : finished) c.thread.join();
}

void Acceptor::AcceptLoop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_accept_fd_, POLLIN, 0}};
    const int rc = ::poll(fds, 2, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      log::Error("plugin server: poll on listener failed", {{"error", std::strerror(errno)}});
      return;
    }
    if ((fds[1].revents & POLLIN) != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED) {
        continue;
      }
      log::Error("plugin server: accept failed", {{"error", std::strerror(errno)}});
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: back off instead of spinning on the listener.
        pollfd stop{stop_accept_fd_, POLLIN, 0};
        ::poll(&stop, 1, 100);
      }
      continue;
    }
    if (tcp_) SetTcpOptions(fd);
    ReapFinished();
    if (tls_ == nullptr) {
      log::Debug("plugin server: accepted plaintext connection");
      // The accept thread is the one StopAccepting joins, so this cannot
      // race with it.
      grpc::AddInsecureChannelFromFd(server_, fd);  // gRPC owns fd now
      continue;
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread t([this, fd, done] {
      ServeTls(fd);
      done->store(true);
    });
    std::lock_guard<std::mutex> lock(mu_);
    connections_.push_back(Connection{std::move(t), std::move(done)});
  }
}

void Acceptor::ServeTls(int fd) {
  std::string error;
  SslPtr ssl = TlsAccept(tls_, fd, handshake_timeout_, stop_fd_, &error);
  if (!ssl) {
    log::Error("plugin server: refused a connection: TLS handshake failed",
               {{"error", error}});
    ::close(fd);
    return;
  }
  const std::string tls = DescribeTls(ssl.get());
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
    log::Error("plugin server: socketpair failed", {{"error", std::strerror(errno)}});
    ::close(fd);
    return;
  }
  if (!AddToServer(pair[0])) {  // server stopping: drop the connection
    ::close(pair[0]);
    ::close(pair[1]);
    ::close(fd);
    return;
  }
  log::Debug("plugin server: accepted TLS connection", {{"tls", tls}});
  const std::string ended = PumpTls(ssl.get(), pair[1], stop_fd_);
  log::Debug("plugin server: TLS connection ended", {{"reason", ended}});
  ssl.reset();
  ::close(pair[1]);
  ::close(fd);
}

}  // namespace tfplugin::internal
