// tfplugin::Serve (see tfplugin/serve.h for the contract).
//
// Start-up order follows handshake.md §3: signals, cookie, version,
// listener, TLS, services, handshake line. Shutdown: finish the long-lived
// go-plugin streams, stop accepting, grpc::Server::Shutdown with a grace
// period (in-flight answers still flow through the TLS pumps), stop the
// pumps, remove the socket. If the gRPC server cannot stop (a provider
// method that never returns), the process exits anyway after the grace
// period plus one second, because the client SIGKILLs us 2 s after Shutdown.
#include "tfplugin/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "acceptor.h"
#include "go_plugin_services.h"
#include "listener.h"
#include "services.h"
#include "tfplugin/handshake.h"
#include "tfplugin/log.h"
#include "tls.h"

namespace tfplugin {
namespace {

constexpr int kMaxMessageBytes = 256 * 1024 * 1024;
constexpr int kExitSigterm = 128 + SIGTERM;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

void WriteAll(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// Reports a start-up failure: a JSON log line when logging is on, and a
// plain "[ERROR]" line otherwise, so tofu shows it under TF_LOG either way.
int Fail(std::string_view what, const std::string& error) {
  if (log::Enabled(log::Level::kError)) {
    log::Error(what, {{"error", error}});
  } else {
    WriteAll(2, "[ERROR] " + std::string(what) + ": " + error + "\n");
  }
  return 1;
}

// Why and how the server stops; set once by whoever asks first.
class StopRequest {
 public:
  void Request(const char* reason, int exit_code) {
    std::lock_guard<std::mutex> lock(mu_);
    if (requested_) return;
    requested_ = true;
    reason_ = reason;
    exit_code_ = exit_code;
    cv_.notify_all();
  }
  // Blocks until Request; returns the exit code.
  int Wait(const char** reason) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return requested_; });
    *reason = reason_;
    return exit_code_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool requested_ = false;      // guarded by mu_
  const char* reason_ = "";     // guarded by mu_
  int exit_code_ = 0;           // guarded by mu_
};

// Self-pipe signal handling: the handler only writes the signal number; a
// thread turns it into log lines and stop requests.
int g_signal_pipe[2] = {-1, -1};

extern "C" void OnSignal(int signo) {
  const int saved = errno;
  const auto b = static_cast<unsigned char>(signo);
  [[maybe_unused]] const ssize_t n = ::write(g_signal_pipe[1], &b, 1);
  errno = saved;
}

class SignalWatcher {
 public:
  SignalWatcher(bool debug, StopRequest* stop) : debug_(debug), stop_(stop) {}
  ~SignalWatcher() {
    if (!thread_.joinable()) return;
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGPIPE, &old_pipe_, nullptr);
    const unsigned char quit = 0;
    [[maybe_unused]] const ssize_t n = ::write(g_signal_pipe[1], &quit, 1);
    thread_.join();
    ::close(g_signal_pipe[0]);
    ::close(g_signal_pipe[1]);
    g_signal_pipe[0] = g_signal_pipe[1] = -1;
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  bool Start(std::string* error) {
    if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
      *error = std::string("pipe: ") + std::strerror(errno);
      return false;
    }
    // The reading end blocks; the handler's end must never block.
    ::fcntl(g_signal_pipe[0], F_SETFL, 0);
    thread_ = std::thread([this] { Loop(); });
    struct sigaction sa {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe_);
    return true;
  }

 private:
  void Loop() {
    int interrupts = 0;
    while (true) {
      unsigned char b = 0;
      const ssize_t n = ::read(g_signal_pipe[0], &b, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || b == 0) return;
      if (b == SIGINT) {
        ++interrupts;
        if (debug_) {
          log::Info("interrupt received: stopping the debug server");
          stop_->Request("SIGINT", 0);
        } else {
          log::Debug("plugin received interrupt signal, ignoring",
                     {{"count", std::to_string(interrupts)}});
        }
      } else if (b == SIGTERM) {
        log::Debug("plugin received SIGTERM: stopping");
        stop_->Request("SIGTERM", debug_ ? 0 : kExitSigterm);
      }
    }
  }

  bool debug_;
  StopRequest* stop_;
  std::thread thread_;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  struct sigaction old_pipe_ {};
};

struct Args {
  bool debug = false;
  bool version = false;
  bool help = false;
  std::string unknown;
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--debug" || arg == "-debug") {
      a.debug = true;
    } else if (arg == "--version" || arg == "-version") {
      a.version = true;
    } else if (arg == "--help" || arg == "-help" || arg == "-h") {
      a.help = true;
    } else if (a.unknown.empty()) {
      a.unknown = arg;
    }
  }
  return a;
}

std::string Usage(const char* program) {
  return std::string("Usage: ") + program +
         " [--debug] [--version] [--help]\n"
         "\n"
         "A provider plugin for OpenTofu and Terraform. It is started by tofu/terraform,\n"
         "not by hand. Options:\n"
         "  --debug    serve without TLS for a debugger and print TF_REATTACH_PROVIDERS\n"
         "  --version  print the version\n"
         "  --help     print this help\n"
         "\n"
         "Environment: TF_LOG_PROVIDER / TF_LOG set the log level (JSON lines on stderr);\n" +
         std::string(kNetworkEnv) +
         "=tcp listens on 127.0.0.1 instead of a unix socket.\n";
}

int ParsePort(const char* name, std::string* error) {
  const std::string v = Env(name);
  if (v.empty()) return 0;
  char* end = nullptr;
  errno = 0;
  const long port = std::strtol(v.c_str(), &end, 10);
  if (errno != 0 || end == v.c_str() || *end != '\0' || port < 0 || port > 65535) {
    *error = std::string(name) + "=\"" + v + "\" is not a port number";
    return -1;
  }
  return static_cast<int>(port);
}

std::optional<internal::Listener> Listen(std::string* error) {
  if (Env(kNetworkEnv) == "tcp") {
    const int min = ParsePort("PLUGIN_MIN_PORT", error);
    const int max = ParsePort("PLUGIN_MAX_PORT", error);
    if (min < 0 || max < 0) return std::nullopt;
    return internal::Listener::Tcp(min, max, error);
  }
  return internal::Listener::Unix(Env("PLUGIN_UNIX_SOCKET_DIR"), Env("PLUGIN_UNIX_SOCKET_GROUP"),
                                  error);
}

// Shell-safe single-quoted string.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

std::string DebugBanner(const ServeOptions& options, const internal::Listener& listener) {
  nlohmann::ordered_json addr;
  addr["Network"] = listener.network();
  addr["String"] = listener.address();
  nlohmann::ordered_json entry;
  entry["Protocol"] = "grpc";
  entry["ProtocolVersion"] = kSupportedProtocolVersions[0];
  entry["Pid"] = static_cast<int>(::getpid());
  entry["Test"] = true;
  entry["Addr"] = addr;
  nlohmann::ordered_json reattach;
  const std::string key =
      options.provider_address.empty() ? "registry.opentofu.org/edp/edp" : options.provider_address;
  reattach[key] = entry;
  return "Provider started. To attach OpenTofu or Terraform to it, set this in the\n"
         "environment of the tofu/terraform command:\n"
         "\n"
         "\tTF_REATTACH_PROVIDERS=" +
         ShellQuote(reattach.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) +
         "\n"
         "\n"
         "Stop the provider with Ctrl-C or SIGTERM.\n";
}

// The shutdown sequence (see the file comment). Exits the process if the
// gRPC server does not stop within `grace` plus one second.
void StopServer(std::unique_ptr<grpc::Server>& server, internal::GoPluginServices& go_plugin,
                internal::Acceptor& acceptor, internal::Listener& listener,
                std::chrono::milliseconds grace, int exit_code) {
  go_plugin.FinishStreams();
  acceptor.StopAccepting();

  std::mutex mu;
  std::condition_variable cv;
  bool stopped = false;
  std::thread stopper([&] {
    server->Shutdown(std::chrono::system_clock::now() + grace);
    std::lock_guard<std::mutex> lock(mu);
    stopped = true;
    cv.notify_all();
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, grace + std::chrono::seconds(1), [&] { return stopped; })) {
      log::Warn("gRPC server did not stop in time (a provider call is stuck); exiting anyway");
      listener.Close();
      std::_Exit(exit_code);
    }
  }
  stopper.join();
  acceptor.Stop();
  server.reset();
  listener.Close();
}

}  // namespace

int Serve(int argc, char** argv, const ServeOptions& options, std::shared_ptr<Provider> provider) {
  log::Init(options.log_module);
  const Args args = ParseArgs(argc, argv);
  const char* program = argc > 0 ? argv[0] : "provider";
  if (!args.unknown.empty()) {
    WriteAll(2, "unknown argument: " + args.unknown + "\n" + Usage(program));
    return 2;
  }
  if (args.help) {
    WriteAll(1, Usage(program));
    return 0;
  }
  if (args.version) {
    WriteAll(1, std::string(program) + " " + (options.version.empty() ? "dev" : options.version) +
                    "\n");
    return 0;
  }

  // 1. Signals.
  StopRequest stop;
  SignalWatcher signals(args.debug, &stop);
  std::string error;
  if (!signals.Start(&error)) return Fail("plugin init error", error);

  // 2. Magic cookie (not needed to run under a debugger).
  if (!args.debug && Env(kMagicCookieKey.data()) != kMagicCookieValue) {
    WriteAll(2, kNotAPluginMessage);
    return 1;
  }

  // 3. Protocol version.
  const std::vector<int> supported(std::begin(kSupportedProtocolVersions),
                                   std::end(kSupportedProtocolVersions));
  const char* offered = std::getenv("PLUGIN_PROTOCOL_VERSIONS");
  const NegotiatedVersion negotiated = NegotiateProtocolVersion(offered, supported);
  for (const auto& item : negotiated.invalid_items) {
    log::Warn("client sent an invalid plugin protocol version", {{"version", item}});
  }
  if (offered != nullptr && !negotiated.common && !args.debug) {
    log::Warn("no plugin protocol version in common with the client; offering the lowest",
              {{"client_versions", offered},
               {"server_versions", JoinProtocolVersions(supported)},
               {"version", std::to_string(negotiated.version)}});
  }

  // 4. Listener.
  std::optional<internal::Listener> listener = Listen(&error);
  if (!listener) return Fail("plugin init error: cannot listen", error);
  log::Debug("plugin address",
             {{"address", listener->address()}, {"network", listener->network()}});

  // 5. AutoMTLS.
  std::optional<internal::SelfSignedCert> cert;
  internal::SslCtxPtr tls;
  const std::string client_cert = Env("PLUGIN_CLIENT_CERT");
  if (!client_cert.empty() && !args.debug) {
    cert = internal::GenerateSelfSignedCert(internal::CertProfile::kServerP256, &error);
    if (cert) tls = internal::NewServerTlsContext(*cert, client_cert, &error);
    if (!tls) return Fail("plugin init error: AutoMTLS setup failed", error);
  }

  // 6. gRPC services and server.
  internal::GoPluginServices go_plugin(
      [&stop] { stop.Request("GRPCController.Shutdown", 0); });
  auto host = internal::NewProviderHost(std::move(provider));
  std::unique_ptr<grpc::Service> v6 = internal::NewV6Service(host);
  std::unique_ptr<grpc::Service> v5 = internal::NewV5Service(host);
  grpc::ServerBuilder builder;
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(v6.get());
  builder.RegisterService(v5.get());
  for (grpc::Service* s : go_plugin.services()) builder.RegisterService(s);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) return Fail("plugin init error", "cannot start the gRPC server");

  internal::Acceptor acceptor(server.get(), listener->fd(), listener->network() == "tcp",
                              tls.get(), options.tls_handshake_timeout);
  if (!acceptor.Start(&error)) {
    server->Shutdown();
    return Fail("plugin init error", error);
  }

  // 7. Handshake line (or the debug banner).
  if (args.debug) {
    WriteAll(1, DebugBanner(options, *listener));
  } else {
    HandshakeLine h;
    h.app_version = negotiated.version;
    h.network = listener->network();
    h.address = listener->address();
    if (cert) h.server_cert_der = cert->der;
    WriteAll(1, FormatHandshakeLine(h));
  }
  const int served_version = args.debug ? kSupportedProtocolVersions[0] : negotiated.version;
  log::Debug("plugin server started",
             {{"protocol_version", std::to_string(served_version)},
              {"tls", tls ? "on" : "off"},
              {"debug", args.debug ? "true" : "false"}});

  // 8. Serve until asked to stop.
  const char* reason = "";
  const int exit_code = stop.Wait(&reason);
  log::Debug("plugin server stopping", {{"reason", reason}});
  StopServer(server, go_plugin, acceptor, *listener, options.shutdown_grace, exit_code);
  log::Debug("plugin server stopped");
  return exit_code;
}

}  // namespace tfplugin
