// tfplugin::PluginClient (see tfplugin/plugin_client.h).
//
// Threads per launched plugin: stderr reader (from spawn), stdout drain
// (after the handshake line), GRPCStdio reader, GRPCBroker reader, and with
// TLS the pump between the TLS socket and gRPC's socketpair end. Teardown
// stops them in that reverse order: streams, pump, process, readers.
#include "tfplugin/plugin_client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grpcpp/create_channel_posix.h>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "plugin.grpc.pb.h"
#include "tfplugin/log.h"
#include "tls.h"

extern char** environ;

namespace tfplugin {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxLine = 64 * 1024;  // go-plugin's bufio limits
constexpr size_t kStderrTailLines = 20;
constexpr auto kKillWait = std::chrono::seconds(2);
constexpr auto kTermWait = std::chrono::milliseconds(500);

std::string ErrnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

void CloseFd(int* fd) {
  if (*fd >= 0) {
    ::close(*fd);
    *fd = -1;
  }
}

void SignalEvent(int fd) {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(fd, &one, sizeof one);
}

int MillisLeft(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT_MAX));
}

std::string EnvKey(std::string_view entry) { return std::string(entry.substr(0, entry.find('='))); }

// The child's environment: ours, minus the keys set in `ours`, plus those
// entries. In `ours` a later entry for a key replaces an earlier one, and a
// bare "KEY" (no '=') removes the variable.
std::vector<std::string> BuildEnv(const std::vector<std::string>& ours) {
  std::vector<std::string> keys;
  std::vector<std::string> add;
  for (const auto& e : ours) {
    const std::string key = EnvKey(e);
    keys.push_back(key);
    add.erase(std::remove_if(add.begin(), add.end(),
                             [&](const std::string& a) { return EnvKey(a) == key; }),
              add.end());
    if (e.find('=') != std::string::npos) add.push_back(e);
  }
  std::vector<std::string> env;
  for (char** p = environ; p != nullptr && *p != nullptr; ++p) {
    if (std::find(keys.begin(), keys.end(), EnvKey(*p)) == keys.end()) env.emplace_back(*p);
  }
  env.insert(env.end(), add.begin(), add.end());
  return env;
}

int ConnectWithDeadline(int fd, const sockaddr* addr, socklen_t len, Clock::time_point deadline,
                        std::string* error) {
  if (::connect(fd, addr, len) == 0) return 0;
  if (errno != EINPROGRESS && errno != EAGAIN && errno != EINTR) {
    *error = ErrnoText("connect");
    return -1;
  }
  pollfd p{fd, POLLOUT, 0};
  while (true) {
    const int rc = ::poll(&p, 1, MillisLeft(deadline));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) {
      *error = "connect: timed out";
      return -1;
    }
    break;
  }
  int err = 0;
  socklen_t elen = sizeof err;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
  if (err != 0) {
    *error = std::string("connect: ") + std::strerror(err);
    return -1;
  }
  return 0;
}

// A connected, non-blocking, close-on-exec socket to the plugin, or -1.
int Dial(const std::string& network, const std::string& address, Clock::time_point deadline,
         std::string* error) {
  if (network == "unix") {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (address.size() >= sizeof addr.sun_path) {
      *error = "unix socket path too long: " + address;
      return -1;
    }
    std::memcpy(addr.sun_path, address.c_str(), address.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      *error = ErrnoText("socket");
      return -1;
    }
    if (ConnectWithDeadline(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr, deadline,
                            error) != 0) {
      ::close(fd);
      *error += " (" + address + ")";
      return -1;
    }
    return fd;
  }
  // tcp: host:port or [v6]:port
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    *error = "invalid tcp address: " + address;
    return -1;
  }
  std::string host = address.substr(0, colon);
  const std::string port = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    *error = "cannot resolve " + address + ": " + gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = res; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    if (ConnectWithDeadline(fd, ai->ai_addr, ai->ai_addrlen, deadline, error) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(res);
  if (fd < 0) {
    if (error->empty()) *error = "cannot connect";
    *error += " (" + address + ")";
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  return fd;
}

grpc::ChannelArguments ChannelArgs() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(INT_MAX);  // go-plugin: MaxCallRecvMsgSize(MaxInt32)
  args.SetMaxSendMessageSize(INT_MAX);
  return args;
}

}  // namespace

std::string ExitInfo::ToString() const {
  if (exited) return "exit status " + std::to_string(exit_status);
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "unknown";
}

struct PluginClient::State {
  LaunchOptions options;
  pid_t pid = 0;
  bool own_process = false;  // false: reattached
  bool reattach_test = false;

  int stdout_fd = -1;
  int stderr_fd = -1;
  int reader_stop_fd = -1;  // eventfd: stop the stdout/stderr readers
  int pump_stop_fd = -1;    // eventfd: stop the TLS pump
  std::thread stderr_thread;
  std::thread stdout_thread;
  std::atomic<bool> stderr_done{false};
  std::atomic<bool> stdout_done{false};

  std::optional<internal::SelfSignedCert> client_cert;
  internal::SslCtxPtr ssl_ctx;
  internal::SslPtr ssl;
  int tls_socket_fd = -1;  // underlying socket of ssl
  int pump_fd = -1;        // our end of the socketpair
  std::thread pump_thread;
  // Plaintext: a duplicate of the socket gRPC owns, so teardown can close
  // the connection even while something still holds the channel (go-plugin
  // closes its conn right after Shutdown; the server waits for that).
  int plain_dup_fd = -1;

  HandshakeLine handshake;
  std::string line;
  std::string tls_description;
  std::chrono::microseconds latency{0};
  std::shared_ptr<grpc::Channel> channel;

  grpc::ClientContext stdio_ctx;
  grpc::ClientContext broker_ctx;
  std::thread stdio_thread;
  std::thread broker_thread;

  std::mutex tail_mu;
  std::deque<std::string> stderr_tail;  // guarded by tail_mu

  std::mutex kill_mu;
  std::optional<ExitInfo> exit_info;  // guarded by kill_mu
  std::optional<int> wait_status;     // guarded by kill_mu (set once reaped)

  ~State() {
    CloseFd(&stdout_fd);
    CloseFd(&stderr_fd);
    CloseFd(&reader_stop_fd);
    CloseFd(&pump_stop_fd);
    CloseFd(&pump_fd);
    ssl.reset();
    CloseFd(&tls_socket_fd);
    CloseFd(&plain_dup_fd);
  }

  void StartStderrReader() {
    stderr_thread = std::thread([this] {
      std::string pending;
      char buf[4096];
      auto emit = [this](std::string_view l) {
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (options.stderr_sink) options.stderr_sink(l);
        std::lock_guard<std::mutex> lock(tail_mu);
        stderr_tail.emplace_back(l);
        if (stderr_tail.size() > kStderrTailLines) stderr_tail.pop_front();
      };
      while (true) {
        pollfd fds[2] = {{stderr_fd, POLLIN, 0}, {reader_stop_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if ((fds[1].revents & POLLIN) != 0) break;
        const ssize_t n = ::read(stderr_fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;
        pending.append(buf, static_cast<size_t>(n));
        size_t start = 0;
        for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
          emit(std::string_view(pending).substr(start, nl - start));
        }
        pending.erase(0, start);
        while (pending.size() >= kMaxLine) {
          emit(std::string_view(pending).substr(0, kMaxLine));
          pending.erase(0, kMaxLine);
        }
      }
      if (!pending.empty()) emit(pending);
      stderr_done = true;
    });
  }

  void StartStdoutDrain() {
    stdout_thread = std::thread([this] {
      char buf[4096];
      while (true) {
        pollfd fds[2] = {{stdout_fd, POLLIN, 0}, {reader_stop_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
        if ((fds[1].revents & POLLIN) != 0) break;
        const ssize_t n = ::read(stdout_fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;
        log::Debug("plugin wrote to stdout after the handshake; ignored",
                   {{"bytes", std::to_string(n)}});
      }
      stdout_done = true;
    });
  }

  // Reads the first stdout line; "" with *error on timeout, EOF or error.
  std::string ReadHandshakeLine(Clock::time_point deadline, std::string* error) {
    std::string buf;
    char chunk[4096];
    while (true) {
      const size_t nl = buf.find('\n');
      if (nl != std::string::npos) return buf.substr(0, nl);
      if (buf.size() > kMaxLine) {
        *error = "plugin's first stdout line is longer than 64 KiB";
        return "";
      }
      pollfd p{stdout_fd, POLLIN, 0};
      const int rc = ::poll(&p, 1, MillisLeft(deadline));
      if (rc < 0 && errno == EINTR) continue;
      if (rc == 0) {
        *error = "timeout while waiting for plugin to start";
        return "";
      }
      const ssize_t n = ::read(stdout_fd, chunk, sizeof chunk);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        *error = buf.empty() ? "plugin exited before we could connect"
                             : "plugin closed stdout before finishing the handshake line: " + buf;
        return "";
      }
      buf.append(chunk, static_cast<size_t>(n));
    }
  }

  // waitpid without blocking; caches the status. REQUIRES: kill_mu held.
  bool ReapLocked(bool block) {
    if (wait_status) return true;
    if (!own_process || pid <= 0) return false;
    int status = 0;
    while (true) {
      const pid_t r = ::waitpid(pid, &status, block ? 0 : WNOHANG);
      if (r < 0 && errno == EINTR) continue;
      if (r == pid) {
        wait_status = status;
        return true;
      }
      return false;
    }
  }

  bool WaitForExitLocked(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    auto pause = std::chrono::microseconds(200);
    while (!ReapLocked(false)) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(pause);
      pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(10));
    }
    return true;
  }

  void StopStreams() {
    stdio_ctx.TryCancel();
    broker_ctx.TryCancel();
    if (stdio_thread.joinable()) stdio_thread.join();
    if (broker_thread.joinable()) broker_thread.join();
  }

  // Closes the connection to the plugin (both TLS and plaintext).
  void CloseConnection() {
    if (pump_stop_fd >= 0) SignalEvent(pump_stop_fd);
    if (pump_thread.joinable()) pump_thread.join();
    CloseFd(&pump_fd);
    ssl.reset();
    CloseFd(&tls_socket_fd);
    if (plain_dup_fd >= 0) ::shutdown(plain_dup_fd, SHUT_RDWR);
    CloseFd(&plain_dup_fd);
  }

  void StopReaders() {
    // After the process exited the pipes reach EOF by themselves; a
    // grandchild holding them open must not block us for long.
    const auto deadline = Clock::now() + std::chrono::milliseconds(500);
    while (Clock::now() < deadline) {
      const bool err_running = stderr_thread.joinable() && !stderr_done;
      const bool out_running = stdout_thread.joinable() && !stdout_done;
      if (!err_running && !out_running) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (reader_stop_fd >= 0) SignalEvent(reader_stop_fd);
    if (stderr_thread.joinable()) stderr_thread.join();
    if (stdout_thread.joinable()) stdout_thread.join();
  }

  std::string StderrTail() {
    std::lock_guard<std::mutex> lock(tail_mu);
    std::string out;
    for (const auto& l : stderr_tail) out += "\n  " + l;
    return out;
  }

  ExitInfo Teardown(bool graceful_shutdown) {
    std::lock_guard<std::mutex> lock(kill_mu);
    if (exit_info) return *exit_info;
    if (graceful_shutdown && channel && (own_process || !reattach_test)) {
      SendShutdown(std::chrono::seconds(2));
    }
    StopStreams();
    channel.reset();
    CloseConnection();

    ExitInfo info;
    if (own_process && pid > 0) {
      info.graceful = graceful_shutdown && WaitForExitLocked(kKillWait);
      if (!graceful_shutdown && !ReapLocked(false)) {
        // A failed launch: give the plugin a moment to remove its socket
        // (our servers clean up on SIGTERM) before the SIGKILL below.
        ::kill(pid, SIGTERM);
        WaitForExitLocked(kTermWait);
      }
      if (!ReapLocked(false)) {
        if (graceful_shutdown) log::Warn("plugin failed to exit gracefully");
        ::kill(pid, SIGKILL);
        ReapLocked(true);
      }
      if (wait_status) {
        if (WIFEXITED(*wait_status)) {
          info.exited = true;
          info.exit_status = WEXITSTATUS(*wait_status);
        } else if (WIFSIGNALED(*wait_status)) {
          info.signal = WTERMSIG(*wait_status);
        }
      }
    } else if (!reattach_test && pid > 0 && graceful_shutdown) {
      // A reattached, non-test plugin: not our child, so poll for it.
      const auto deadline = Clock::now() + kKillWait;
      while (::kill(pid, 0) == 0 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      info.graceful = ::kill(pid, 0) != 0;
      if (!info.graceful) ::kill(pid, SIGKILL);
    }
    StopReaders();
    exit_info = info;
    return info;
  }

  void SendShutdown(std::chrono::milliseconds timeout) {
    if (!channel) return;
    auto stub = plugin::GRPCController::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + timeout);
    plugin::Empty req;
    plugin::Empty resp;
    const grpc::Status st = stub->Shutdown(&ctx, req, &resp);
    if (!st.ok()) {
      log::Debug("GRPCController.Shutdown failed (ignored)", {{"error", st.error_message()}});
    }
  }

  // Opens the go-plugin streams a client opens right after connecting.
  void StartGoPluginStreams() {
    stdio_thread = std::thread([this] {
      auto stub = plugin::GRPCStdio::NewStub(channel);
      auto reader = stub->StreamStdio(&stdio_ctx, google::protobuf::Empty());
      plugin::StdioData data;
      while (reader->Read(&data)) {
        if (options.stdio_sink) options.stdio_sink(data.channel(), data.data());
      }
      const grpc::Status st = reader->Finish();
      if (!st.ok() && st.error_code() != grpc::StatusCode::CANCELLED) {
        log::Debug("plugin stdio stream ended", {{"error", st.error_message()}});
      }
    });
    broker_thread = std::thread([this] {
      auto stub = plugin::GRPCBroker::NewStub(channel);
      auto stream = stub->StartStream(&broker_ctx);
      plugin::ConnInfo info;
      while (stream->Read(&info)) {
      }
      stream->Finish();
    });
  }

  // Connects to the address of `handshake`; sets channel. TLS when
  // client_cert is set.
  bool Connect(Clock::time_point deadline, std::string* error) {
    const int fd = Dial(handshake.network, handshake.address, deadline, error);
    if (fd < 0) {
      *error = "error connecting to plugin: " + *error;
      return false;
    }
    if (!client_cert) {
      plain_dup_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
      channel = grpc::CreateCustomInsecureChannelFromFd("localhost", fd, ChannelArgs());
      return true;
    }
    tls_socket_fd = fd;
    ssl_ctx = internal::NewClientTlsContext(*client_cert, handshake.server_cert_der,
                                            options.force_tls12 ? TLS1_2_VERSION : TLS1_3_VERSION,
                                            error);
    if (!ssl_ctx) return false;
    const auto timeout = std::chrono::milliseconds(std::max(MillisLeft(deadline), 1000));
    ssl = internal::TlsConnect(ssl_ctx.get(), fd, timeout, error);
    if (!ssl) return false;
    tls_description = internal::DescribeTls(ssl.get());
    int pair[2];
    pump_stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (pump_stop_fd < 0 ||
        ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
      *error = ErrnoText("socketpair");
      return false;
    }
    pump_fd = pair[1];
    pump_thread = std::thread([this] {
      const std::string ended = internal::PumpTls(ssl.get(), pump_fd, pump_stop_fd);
      log::Trace("plugin TLS connection ended", {{"reason", ended}});
    });
    channel = grpc::CreateCustomInsecureChannelFromFd("localhost", pair[0], ChannelArgs());
    return true;
  }
};

PluginClient::PluginClient(std::unique_ptr<State> state) : s_(std::move(state)) {}

PluginClient::~PluginClient() {
  if (s_) s_->Teardown(/*graceful_shutdown=*/true);
}

int PluginClient::protocol_version() const { return s_->handshake.app_version; }
const std::string& PluginClient::network() const { return s_->handshake.network; }
const std::string& PluginClient::address() const { return s_->handshake.address; }
const std::string& PluginClient::server_cert_der() const { return s_->handshake.server_cert_der; }
const std::string& PluginClient::handshake_line() const { return s_->line; }
std::shared_ptr<grpc::Channel> PluginClient::channel() const { return s_->channel; }
pid_t PluginClient::pid() const { return s_->pid; }
const std::string& PluginClient::tls_description() const { return s_->tls_description; }
std::chrono::microseconds PluginClient::handshake_latency() const { return s_->latency; }

void PluginClient::RequestShutdown(std::chrono::milliseconds timeout) { s_->SendShutdown(timeout); }

ExitInfo PluginClient::Kill() { return s_->Teardown(/*graceful_shutdown=*/true); }

bool PluginClient::Exited() {
  std::lock_guard<std::mutex> lock(s_->kill_mu);
  return s_->ReapLocked(false);
}

LaunchResult PluginClient::Launch(const LaunchOptions& options) {
  auto s = std::make_unique<State>();
  s->options = options;
  s->own_process = true;
  LaunchResult result;
  auto fail = [&](std::string message) {
    s->Teardown(/*graceful_shutdown=*/false);
    const std::string tail = s->StderrTail();
    if (!tail.empty()) message += "\nplugin stderr (last lines):" + tail;
    result.error = std::move(message);
    result.client.reset();
    return std::move(result);
  };

  std::string error;
  std::vector<std::string> ours = {
      std::string(kMagicCookieKey) + "=" + std::string(kMagicCookieValue),
      "PLUGIN_PROTOCOL_VERSIONS=" + JoinProtocolVersions(options.protocol_versions),
      "PLUGIN_MIN_PORT=10000",
      "PLUGIN_MAX_PORT=25000",
  };
  if (options.auto_mtls) {
    s->client_cert = internal::GenerateSelfSignedCert(internal::CertProfile::kGoPluginP521, &error);
    if (!s->client_cert) return fail("cannot generate the AutoMTLS client certificate: " + error);
    ours.push_back("PLUGIN_CLIENT_CERT=" + s->client_cert->pem);
  } else {
    ours.emplace_back("PLUGIN_CLIENT_CERT");  // never inherit one
  }
  for (const auto& e : options.extra_env) ours.push_back(e);
  const std::vector<std::string> env_strings = BuildEnv(ours);
  std::vector<char*> envp;
  for (const auto& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::string exe = options.executable;
  char* argv[] = {exe.data(), nullptr};

  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return fail(ErrnoText("pipe"));
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return fail(ErrnoText("pipe"));
  }
  s->stdout_fd = out_pipe[0];
  s->stderr_fd = err_pipe[0];
  s->reader_stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  const auto start = Clock::now();
  const int rc = ::posix_spawn(&s->pid, exe.c_str(), &actions, &attr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    s->pid = 0;
    return fail("cannot start plugin " + options.executable + ": " + std::strerror(rc));
  }
  s->StartStderrReader();

  const auto deadline = start + options.start_timeout;
  s->line = s->ReadHandshakeLine(deadline, &error);
  if (s->line.empty()) {
    if (error.empty()) error = "plugin printed an empty handshake line";
    return fail(error);
  }
  s->latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  while (!s->line.empty() && s->line.back() == '\r') s->line.pop_back();
  s->StartStdoutDrain();

  auto parsed = ParseHandshakeLine(s->line, &error);
  if (!parsed) return fail(error);
  s->handshake = std::move(*parsed);
  const HandshakeLine& h = s->handshake;
  if (h.core_version != 1) {
    return fail("Incompatible core API version with plugin. Plugin version: " +
                std::to_string(h.core_version) + ", Core version: 1");
  }
  if (std::find(options.protocol_versions.begin(), options.protocol_versions.end(),
                h.app_version) == options.protocol_versions.end()) {
    return fail("Incompatible API version with plugin. Plugin version: " +
                std::to_string(h.app_version) +
                ", Client versions: " + JoinProtocolVersions(options.protocol_versions));
  }
  if (h.network != "unix" && h.network != "tcp") return fail("Unknown address type: " + h.network);
  if (h.protocol != "grpc") {
    return fail("Unsupported plugin protocol \"" + h.protocol + "\". Supported: [grpc]");
  }
  if (options.auto_mtls && h.server_cert_der.empty()) {
    return fail("plugin did not send a server certificate although AutoMTLS is on "
                "(handshake line: " + s->line + ")");
  }
  if (!options.auto_mtls) s->client_cert.reset();
  if (!s->Connect(deadline, &error)) return fail(error);
  s->StartGoPluginStreams();
  result.client.reset(new PluginClient(std::move(s)));
  return result;
}

LaunchResult PluginClient::Reattach(const ReattachConfig& config,
                                    std::chrono::milliseconds connect_timeout) {
  auto s = std::make_unique<State>();
  s->own_process = false;
  s->reattach_test = config.test;
  s->pid = config.pid;
  s->handshake.app_version = config.protocol_version == 0 ? 5 : config.protocol_version;
  s->handshake.network = config.network;
  s->handshake.address = config.address;
  s->handshake.protocol = config.protocol;
  LaunchResult result;
  std::string error;
  if (config.protocol != "grpc") {
    result.error = "Unsupported plugin protocol \"" + config.protocol + "\"";
    return result;
  }
  if (config.network != "unix" && config.network != "tcp") {
    result.error = "Unknown address type: " + config.network;
    return result;
  }
  if (!s->Connect(Clock::now() + connect_timeout, &error)) {
    result.error = error;
    return result;
  }
  s->StartGoPluginStreams();
  result.client.reset(new PluginClient(std::move(s)));
  return result;
}

std::optional<std::map<std::string, ReattachConfig>> ParseReattachProviders(std::string_view json,
                                                                           std::string* error) {
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    *error = "TF_REATTACH_PROVIDERS is not a JSON object";
    return std::nullopt;
  }
  std::map<std::string, ReattachConfig> out;
  for (const auto& [key, v] : doc.items()) {
    if (!v.is_object()) {
      *error = "TF_REATTACH_PROVIDERS[\"" + key + "\"] is not an object";
      return std::nullopt;
    }
    ReattachConfig c;
    if (auto it = v.find("Protocol"); it != v.end() && it->is_string()) c.protocol = *it;
    if (auto it = v.find("ProtocolVersion"); it != v.end() && it->is_number_integer()) {
      c.protocol_version = it->get<int>();
    }
    if (c.protocol_version == 0) c.protocol_version = 5;
    if (auto it = v.find("Pid"); it != v.end() && it->is_number_integer()) c.pid = it->get<int>();
    if (auto it = v.find("Test"); it != v.end() && it->is_boolean()) c.test = it->get<bool>();
    const auto addr = v.find("Addr");
    if (addr == v.end() || !addr->is_object() || !addr->contains("Network") ||
        !addr->contains("String") || !(*addr)["Network"].is_string() ||
        !(*addr)["String"].is_string()) {
      *error = "TF_REATTACH_PROVIDERS[\"" + key + "\"] has no Addr.Network / Addr.String";
      return std::nullopt;
    }
    c.network = (*addr)["Network"].get<std::string>();
    c.address = (*addr)["String"].get<std::string>();
    out.emplace(key, std::move(c));
  }
  return out;
}

}  // namespace tfplugin
