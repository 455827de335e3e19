#include "otcsim/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <unordered_map>

namespace otcsim {

namespace {

struct Conn {
  int fd = -1;
  SSL* ssl = nullptr;
  bool handshake_done = false;
  const std::string* base_url = nullptr;
  std::string remote;
  std::string in;
  std::size_t in_pos = 0;
  std::string out;
  std::size_t out_pos = 0;
  bool close_after_write = false;
  bool want_write = false;  // EPOLLOUT registered
  bool abort = false;       // fault: drop without a response
  // A delayed response (latency fault): held until `delayed_due` (steady
  // ms); no further request of this connection is handled meanwhile.
  bool delay_pending = false;
  bool delayed_close = false;
  int64_t delayed_due = 0;
  std::string delayed;
  RequestParser parser;

  explicit Conn(Limits l) : parser(l) {}
  ~Conn() {
    if (ssl != nullptr) SSL_free(ssl);
    if (fd >= 0) ::close(fd);
  }
};

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

class Server::Worker {
 public:
  explicit Worker(Server* s) : server_(s) {}
  ~Worker() {
    if (thread_.joinable()) thread_.join();
    conns_.clear();
    if (ep_ >= 0) ::close(ep_);
    if (wake_ >= 0) ::close(wake_);
  }

  bool Init() {
    ep_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (ep_ < 0 || wake_ < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    epoll_ctl(ep_, EPOLL_CTL_ADD, wake_, &ev);
    for (std::size_t i = 0; i < server_->listeners_.size(); ++i) {
      ev.events = EPOLLIN | EPOLLEXCLUSIVE;
      ev.data.u64 = kListenTag | i;
      if (epoll_ctl(ep_, EPOLL_CTL_ADD, server_->listeners_[i].fd, &ev) != 0) return false;
    }
    return true;
  }

  void Run() { thread_ = std::thread([this] { Loop(); }); }

  void Wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_, &one, sizeof one);
  }

 private:
  static constexpr uint64_t kWakeTag = 1ull << 62;
  static constexpr uint64_t kListenTag = 1ull << 61;

  void Loop() {
    epoll_event events[128];
    while (!server_->stopped_.load(std::memory_order_relaxed)) {
      int timeout = -1;
      if (!timers_.empty()) {
        int64_t wait = timers_.begin()->first - SteadyMs();
        timeout = wait <= 0 ? 0 : static_cast<int>(std::min<int64_t>(wait, 1 << 30));
      }
      int n = epoll_wait(ep_, events, 128, timeout);
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      FireTimers();
      for (int i = 0; i < n; ++i) {
        uint64_t tag = events[i].data.u64;
        if (tag == kWakeTag) return;
        if (tag & kListenTag) {
          Accept(server_->listeners_[tag & ~kListenTag]);
          continue;
        }
        int fd = static_cast<int>(tag);
        auto it = conns_.find(fd);
        if (it == conns_.end()) continue;
        if (!Service(*it->second)) Close(fd);
      }
    }
  }

  // Releases delayed responses whose time has come.
  void FireTimers() {
    int64_t now = SteadyMs();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      auto [due, fd] = *timers_.begin();
      timers_.erase(timers_.begin());
      auto it = conns_.find(fd);
      if (it == conns_.end()) continue;
      Conn& c = *it->second;
      if (!c.delay_pending || c.delayed_due != due) continue;
      c.delay_pending = false;
      c.out.append(c.delayed);
      c.delayed.clear();
      if (c.delayed_close) {
        c.close_after_write = true;
      } else {
        Process(c);  // requests that arrived meanwhile
      }
      if (c.abort || !Flush(c)) Close(fd);
    }
  }

  void Accept(const Listener& l) {
    for (;;) {
      sockaddr_storage ss{};
      socklen_t len = sizeof ss;
      int fd = accept4(l.fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;  // EAGAIN (another worker took it) or a transient error
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto c = std::make_unique<Conn>(server_->limits_);
      c->fd = fd;
      c->base_url = &l.base_url;
      char host[INET6_ADDRSTRLEN] = {0};
      if (ss.ss_family == AF_INET) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
        c->remote = std::string(host) + ":" + std::to_string(ntohs(sin->sin_port));
      }
      if (l.tls != nullptr) {
        c->ssl = SSL_new(l.tls);
        SSL_set_fd(c->ssl, fd);
        SSL_set_accept_state(c->ssl);
        SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
      } else {
        c->handshake_done = true;
      }
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.u64 = static_cast<uint64_t>(fd);
      if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0) continue;  // c closes fd
      conns_[fd] = std::move(c);
    }
  }

  // Returns false when the connection must be closed.
  bool Service(Conn& c) {
    if (!c.handshake_done) {
      ERR_clear_error();
      int r = SSL_accept(c.ssl);
      if (r != 1) {
        int e = SSL_get_error(c.ssl, r);
        if (e == SSL_ERROR_WANT_READ) return SetWrite(c, false);
        if (e == SSL_ERROR_WANT_WRITE) return SetWrite(c, true);
        return false;
      }
      c.handshake_done = true;
    }
    if (!c.close_after_write) {
      if (!ReadAll(c)) return false;
      Process(c);
      if (c.abort) return false;
    }
    return Flush(c);
  }

  // Reads everything available. Returns false on EOF/error with nothing
  // left to answer.
  bool ReadAll(Conn& c) {
    char buf[16384];
    for (;;) {
      ssize_t n;
      if (c.ssl != nullptr) {
        ERR_clear_error();
        int r = SSL_read(c.ssl, buf, sizeof buf);
        if (r > 0) {
          n = r;
        } else {
          int e = SSL_get_error(c.ssl, r);
          if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return true;
          return false;
        }
      } else {
        n = ::read(c.fd, buf, sizeof buf);
        if (n == 0) return false;
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
          if (errno == EINTR) continue;
          return false;
        }
      }
      c.in.append(buf, static_cast<std::size_t>(n));
      if (c.in.size() - c.in_pos > server_->limits_.max_body_bytes + server_->limits_.max_header_bytes + 65536) {
        return true;  // let the parser reject it before buffering more
      }
    }
  }

  void Process(Conn& c) {
    for (;;) {
      if (c.delay_pending || c.abort) break;
      Request req;
      auto st = c.parser.Parse(c.in, &c.in_pos, &req);
      if (st == RequestParser::State::kNeedMore) {
        if (c.parser.wants_continue()) {
          c.out.append("HTTP/1.1 100 Continue\r\n\r\n");
          c.parser.clear_continue();
        }
        break;
      }
      if (st == RequestParser::State::kError) {
        Response r = server_->protocol_error_(c.parser.error_status());
        c.out.append(SerializeResponse(r, false, false));
        c.close_after_write = true;
        break;
      }
      req.base_url = *c.base_url;
      req.remote = c.remote;
      bool keep = req.keep_alive();
      bool head = req.method == "HEAD";
      Response r = server_->dispatch_(req);
      if (r.abort) {
        // Injected connection reset: no response, RST instead of FIN.
        linger lg{1, 0};
        setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        c.abort = true;
        break;
      }
      keep = keep && !r.close;
      if (r.delay_ms > 0) {
        c.delay_pending = true;
        c.delayed = SerializeResponse(r, head, keep);
        c.delayed_close = !keep;
        c.delayed_due = SteadyMs() + r.delay_ms;
        timers_.emplace(c.delayed_due, c.fd);
        break;
      }
      c.out.append(SerializeResponse(r, head, keep));
      if (!keep) {
        c.close_after_write = true;
        break;
      }
    }
    if (c.in_pos > 0 && (c.in_pos == c.in.size() || c.in_pos > 65536)) {
      c.in.erase(0, c.in_pos);
      c.in_pos = 0;
    }
  }

  bool Flush(Conn& c) {
    while (c.out_pos < c.out.size()) {
      const char* p = c.out.data() + c.out_pos;
      std::size_t len = c.out.size() - c.out_pos;
      if (c.ssl != nullptr) {
        ERR_clear_error();
        int r = SSL_write(c.ssl, p, static_cast<int>(std::min<std::size_t>(len, 1 << 30)));
        if (r <= 0) {
          int e = SSL_get_error(c.ssl, r);
          if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) return SetWrite(c, true);
          return false;
        }
        c.out_pos += static_cast<std::size_t>(r);
      } else {
        ssize_t n = ::send(c.fd, p, len, MSG_NOSIGNAL);
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK) return SetWrite(c, true);
          if (errno == EINTR) continue;
          return false;
        }
        c.out_pos += static_cast<std::size_t>(n);
      }
    }
    c.out.clear();
    c.out_pos = 0;
    if (c.close_after_write) {
      if (c.ssl != nullptr) SSL_shutdown(c.ssl);
      return false;
    }
    return SetWrite(c, false);
  }

  bool SetWrite(Conn& c, bool on) {
    if (c.want_write == on) return true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
    ev.data.u64 = static_cast<uint64_t>(c.fd);
    if (epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev) != 0) return false;
    c.want_write = on;
    return true;
  }

  void Close(int fd) {
    epoll_ctl(ep_, EPOLL_CTL_DEL, fd, nullptr);
    conns_.erase(fd);
  }

  Server* server_;
  int ep_ = -1;
  int wake_ = -1;
  std::thread thread_;
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::multimap<int64_t, int> timers_;  // steady ms -> fd with a delayed response
};

Server::Server(Dispatch dispatch, ProtocolError protocol_error, Limits limits, int workers)
    : dispatch_(std::move(dispatch)),
      protocol_error_(std::move(protocol_error)),
      limits_(limits),
      nworkers_(workers < 1 ? 1 : workers) {}

Server::~Server() { Stop(); }

bool Server::Listen(const std::string& host, uint16_t port, SSL_CTX* tls, uint16_t* bound_port,
                    std::string* base_url, std::string* err) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* res = nullptr;
  std::string ps = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), ps.c_str(), &hints, &res); rc != 0) {
    *err = "cannot resolve " + host + ": " + gai_strerror(rc);
    return false;
  }
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
    *err = "cannot listen on " + host + ":" + ps + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    freeaddrinfo(res);
    return false;
  }
  freeaddrinfo(res);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  uint16_t p = ss.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port)
                                        : ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  Listener l;
  l.fd = fd;
  l.tls = tls;
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  l.base_url = std::string(tls != nullptr ? "https://" : "http://") + h + ":" + std::to_string(p);
  *bound_port = p;
  *base_url = l.base_url;
  listeners_.push_back(std::move(l));
  return true;
}

void Server::Start() {
  for (int i = 0; i < nworkers_; ++i) {
    auto w = std::make_unique<Worker>(this);
    if (!w->Init()) continue;
    w->Run();
    workers_.push_back(std::move(w));
  }
}

void Server::Stop() {
  if (stopped_.exchange(true)) return;
  for (auto& w : workers_) w->Wake();
  workers_.clear();  // joins
  for (auto& l : listeners_) {
    if (l.fd >= 0) ::close(l.fd);
  }
  listeners_.clear();
}

}  // namespace otcsim
