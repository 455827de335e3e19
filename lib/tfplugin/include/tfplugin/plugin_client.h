// tfplugin::PluginClient: start a provider plugin and connect to it exactly
// the way OpenTofu / Terraform (go-plugin's client) do, for tests, probes and
// our own engine.
//
//   tfplugin::LaunchOptions opts;
//   opts.executable = "/path/to/terraform-provider-edp";
//   auto launched = tfplugin::PluginClient::Launch(opts);
//   if (!launched) { std::cerr << launched.error << "\n"; return 1; }
//   auto channel = launched.client->channel();   // tfplugin6::Provider::NewStub(channel) ...
//   tfplugin::ExitInfo exit = launched.client->Kill();   // exit.graceful
//
// Launch: runs the executable with argv = {path}, the inherited environment
// plus TF_PLUGIN_MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS, PLUGIN_MIN_PORT=10000,
// PLUGIN_MAX_PORT=25000 and, with AutoMTLS, PLUGIN_CLIENT_CERT (a fresh
// ECDSA P-521 certificate with go-plugin's profile); stdin is inherited.
// Reads the first stdout line within start_timeout, checks it like go-plugin
// (core version 1, an offered app version, unix/tcp, "grpc", a certificate
// when AutoMTLS is on), connects (TLS 1.2/1.3 done with OpenSSL, trusting
// only the certificate from the line and checking the name "localhost"),
// then opens GRPCStdio.StreamStdio and GRPCBroker.StartStream and keeps
// reading them. stdout is drained and ignored; stderr lines go to
// stderr_sink.
//
// Kill (also run by the destructor): GRPCController.Shutdown (errors
// ignored), close the connection, wait up to 2 s for the process to exit,
// else SIGKILL. Reattached clients in test mode are only disconnected.
//
// Thread safety: accessors are safe from any thread; Kill is idempotent and
// may be called from any one thread. channel() may be shared freely (gRPC
// channels are thread-safe); it stops working after Kill.
#ifndef EDP_TFPLUGIN_PLUGIN_CLIENT_H_
#define EDP_TFPLUGIN_PLUGIN_CLIENT_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tfplugin/handshake.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace tfplugin {

struct LaunchOptions {
  std::string executable;
  // "KEY=value" entries added last (they replace inherited ones and the
  // variables set above); a bare "KEY" removes that variable.
  std::vector<std::string> extra_env;
  // Sent as PLUGIN_PROTOCOL_VERSIONS ("5,6" by default).
  std::vector<int> protocol_versions = {5, 6};
  // false: TF_DISABLE_PLUGIN_TLS behaviour (no PLUGIN_CLIENT_CERT, plaintext).
  bool auto_mtls = true;
  // Limit the client to TLS 1.2 (what Terraform 0.12 / Go 1.12 negotiate).
  bool force_tls12 = false;
  // Time from spawn until the handshake line (go-plugin: 1 minute).
  std::chrono::milliseconds start_timeout{60000};
  // Receives each stderr line of the plugin without the line end (lines
  // longer than 64 KiB arrive in pieces). Called from a reader thread.
  std::function<void(std::string_view line)> stderr_sink;
  // Receives GRPCStdio data (channel 1 = stdout, 2 = stderr). Reader thread.
  std::function<void(int channel, std::string_view data)> stdio_sink;
};

// How a launched plugin process ended.
struct ExitInfo {
  bool graceful = false;     // exited by itself within 2 s of Shutdown
  bool exited = false;       // terminated normally (exit status valid)
  int exit_status = -1;      // WEXITSTATUS when exited
  int signal = 0;            // terminating signal otherwise (9 after SIGKILL)
  std::string ToString() const;  // "exit status 0", "killed by signal 9"
};

// One entry of TF_REATTACH_PROVIDERS.
struct ReattachConfig {
  std::string protocol = "grpc";
  int protocol_version = 5;  // 0 / absent means 5
  int pid = 0;
  bool test = false;
  std::string network;  // "unix" or "tcp"
  std::string address;
};

// Parses a TF_REATTACH_PROVIDERS value: {"<source address>": {"Protocol":
// "grpc", "ProtocolVersion": 6, "Pid": 1, "Test": true, "Addr": {"Network":
// "unix", "String": "/tmp/plugin1"}}, ...}. Returns nullopt and sets *error
// on malformed JSON or missing Addr fields.
std::optional<std::map<std::string, ReattachConfig>> ParseReattachProviders(std::string_view json,
                                                                           std::string* error);

class PluginClient;

struct LaunchResult {
  std::unique_ptr<PluginClient> client;  // null on failure
  std::string error;                     // why, when client is null
  explicit operator bool() const { return client != nullptr; }
};

class PluginClient {
 public:
  static LaunchResult Launch(const LaunchOptions& options);
  // Connects (plaintext, as tofu does) to a plugin started elsewhere, e.g.
  // with --debug.
  static LaunchResult Reattach(const ReattachConfig& config,
                               std::chrono::milliseconds connect_timeout = std::chrono::seconds(10));

  ~PluginClient();
  PluginClient(const PluginClient&) = delete;
  PluginClient& operator=(const PluginClient&) = delete;

  int protocol_version() const;
  const std::string& network() const;
  const std::string& address() const;
  const std::string& server_cert_der() const;  // empty without TLS
  const std::string& handshake_line() const;   // as read, without line end
  std::shared_ptr<grpc::Channel> channel() const;
  pid_t pid() const;  // 0 for reattached plugins without a pid
  // "TLSv1.3 TLS_AES_128_GCM_SHA256", or "" for plaintext.
  const std::string& tls_description() const;
  // From spawn to a parsed handshake line (0 for Reattach).
  std::chrono::microseconds handshake_latency() const;

  // GRPCController.Shutdown only (errors ignored); does not wait.
  void RequestShutdown(std::chrono::milliseconds timeout = std::chrono::seconds(2));
  // See file comment. Repeated calls return the first result.
  ExitInfo Kill();
  // Whether the process already exited (reaps it if so); false for
  // reattached plugins.
  bool Exited();

  struct State;

 private:
  explicit PluginClient(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_PLUGIN_CLIENT_H_
