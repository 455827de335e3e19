// tfplugin::Serve: run a Provider as a go-plugin provider process, the way
// OpenTofu and Terraform expect (reference/protocol/handshake.md).
//
//   int main(int argc, char** argv) {
//     tfplugin::ServeOptions opts;
//     opts.provider_address = "registry.opentofu.org/edp/edp";
//     opts.log_module = "provider.edp";
//     return tfplugin::Serve(argc, argv, opts, std::make_shared<MyProvider>());
//   }
//
// Started by tofu, Serve
//  1. ignores SIGINT (tofu forwards Ctrl-C as StopProvider; interrupts are
//     logged at debug level), ignores SIGPIPE;
//  2. returns 1 after printing go-plugin's "This binary is a plugin..."
//     message on stderr if TF_PLUGIN_MAGIC_COOKIE is missing or wrong;
//  3. negotiates the protocol from PLUGIN_PROTOCOL_VERSIONS (serves 6 and 5:
//     newest common; absent or nothing in common: 5);
//  4. listens on a unix socket in $PLUGIN_UNIX_SOCKET_DIR, $TMPDIR or /tmp
//     (group from PLUGIN_UNIX_SOCKET_GROUP), or — when EDP_PLUGIN_NETWORK=tcp
//     — on 127.0.0.1 in [PLUGIN_MIN_PORT, PLUGIN_MAX_PORT];
//  5. with PLUGIN_CLIENT_CERT set, does AutoMTLS: a fresh ECDSA P-256
//     certificate, client certificate required and pinned to that PEM,
//     TLS 1.2 and 1.3 (P-521 client certificates work in both), ALPN h2;
//  6. serves tfplugin6.Provider, tfplugin5.Provider, plugin.GRPCController,
//     plugin.GRPCStdio, plugin.GRPCBroker and grpc.health.v1.Health, with
//     256 MiB message limits, on a multi-threaded gRPC server;
//  7. prints exactly one line on stdout:
//       1|<version>|<unix|tcp>|<address>|grpc|<base64 cert DER, no padding>
//     (empty last field without AutoMTLS) and never writes stdout again;
//  8. runs until GRPCController.Shutdown (returns 0) or SIGTERM (returns
//     143), then stops the server and removes the socket file.
// Logs are hclog JSON lines on stderr (tfplugin/log.h).
//
// Command line: `--debug` serves plaintext without needing the cookie and
// prints TF_REATTACH_PROVIDERS for `provider_address` on stdout; it runs
// until SIGTERM, SIGINT or Shutdown (returns 0). `--version` and `--help`
// print and return 0; anything else is a usage error (returns 2).
//
// Failures before the handshake (no socket, bad PLUGIN_CLIENT_CERT, ...)
// are logged at error level, described on stderr and return 1.
//
// Thread safety: call once per process, from main(). Signal dispositions
// for SIGINT, SIGTERM and SIGPIPE are changed for the life of the call.
#ifndef EDP_TFPLUGIN_SERVE_H_
#define EDP_TFPLUGIN_SERVE_H_

#include <chrono>
#include <memory>
#include <string>

#include "tfplugin/provider.h"

namespace tfplugin {

struct ServeOptions {
  // Source address used as the TF_REATTACH_PROVIDERS key in --debug mode,
  // e.g. "registry.opentofu.org/edp/edp".
  std::string provider_address;
  // hclog module of every log line, e.g. "provider.edp".
  std::string log_module = "provider";
  // Printed by --version. Default: "dev".
  std::string version;
  // How long a client may take to complete the TLS handshake.
  std::chrono::milliseconds tls_handshake_timeout{10000};
  // How long Shutdown waits for in-flight RPCs before cancelling them.
  std::chrono::milliseconds shutdown_grace{1000};
};

// Runs the plugin server; returns the process exit code (see file comment).
// REQUIRES: provider != nullptr.
int Serve(int argc, char** argv, const ServeOptions& options, std::shared_ptr<Provider> provider);

// Name of the environment variable selecting the listener: "tcp" for
// loopback TCP, anything else (or unset) for a unix socket. Go servers only
// use TCP on Windows; this knob exists for tests and unusual hosts.
inline constexpr const char* kNetworkEnv = "EDP_PLUGIN_NETWORK";

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_SERVE_H_
