// tfplugin-probe: start a provider plugin exactly as OpenTofu does and
// report what happened.
//
//   tfplugin-probe PROVIDER_BINARY [--protocol 5|6] [--no-tls] [--tcp]
//                  [--tls12] [--repeat N]
//
// Prints the handshake line fields, the TLS version and cipher, the health
// status of service "plugin", the time from spawn to the handshake line, then
// calls GRPCController.Shutdown and reports whether the process exited by
// itself. With --repeat N the launch is repeated N times and the median
// handshake time is printed. Exit status 0 when every step worked.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "health.grpc.pb.h"
#include "tfplugin/plugin_client.h"
#include "tfplugin/serve.h"

namespace {

struct Flags {
  std::string binary;
  std::vector<int> protocols = {5, 6};
  bool tls = true;
  bool tcp = false;
  bool tls12 = false;
  int repeat = 1;
};

int Usage() {
  std::fprintf(stderr,
               "usage: tfplugin-probe PROVIDER_BINARY [--protocol 5|6] [--no-tls] [--tcp] "
               "[--tls12] [--repeat N]\n");
  return 2;
}

bool ParseFlags(int argc, char** argv, Flags* f) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--protocol" && i + 1 < argc) {
      const int v = std::atoi(argv[++i]);
      if (v != 5 && v != 6) return false;
      f->protocols = {v};
    } else if (a == "--no-tls") {
      f->tls = false;
    } else if (a == "--tcp") {
      f->tcp = true;
    } else if (a == "--tls12") {
      f->tls12 = true;
    } else if (a == "--repeat" && i + 1 < argc) {
      f->repeat = std::max(1, std::atoi(argv[++i]));
    } else if (!a.empty() && a[0] != '-' && f->binary.empty()) {
      f->binary = a;
    } else {
      return false;
    }
  }
  return !f->binary.empty();
}

tfplugin::LaunchOptions MakeOptions(const Flags& f) {
  tfplugin::LaunchOptions o;
  o.executable = f.binary;
  o.protocol_versions = f.protocols;
  o.auto_mtls = f.tls;
  o.force_tls12 = f.tls12;
  if (f.tcp) o.extra_env.push_back(std::string(tfplugin::kNetworkEnv) + "=tcp");
  o.stderr_sink = [](std::string_view line) {
    std::fprintf(stderr, "[plugin stderr] %.*s\n", static_cast<int>(line.size()), line.data());
  };
  return o;
}

std::string HealthStatus(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest req;
  req.set_service("plugin");
  grpc::health::v1::HealthCheckResponse resp;
  const grpc::Status st = stub->Check(&ctx, req, &resp);
  if (!st.ok()) return "error: " + st.error_message();
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
}

// Extension point for the provider RPC layer: print what the provider
// itself reports (e.g. GetProviderSchema through the typed client). Returns
// false if that failed. Kept separate from the transport checks above.
bool PrintProviderDetails(tfplugin::PluginClient& client) {
  (void)client;
  return true;
}

double Millis(std::chrono::microseconds us) { return static_cast<double>(us.count()) / 1000.0; }

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  if (!ParseFlags(argc, argv, &f)) return Usage();
  const tfplugin::LaunchOptions options = MakeOptions(f);

  if (f.repeat > 1) {
    std::vector<double> times;
    for (int i = 0; i < f.repeat; ++i) {
      auto launched = tfplugin::PluginClient::Launch(options);
      if (!launched) {
        std::fprintf(stderr, "launch %d failed: %s\n", i + 1, launched.error.c_str());
        return 1;
      }
      times.push_back(Millis(launched.client->handshake_latency()));
      launched.client->Kill();
    }
    std::sort(times.begin(), times.end());
    const size_t n = times.size();
    const double median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    std::printf("runs:            %zu\n", n);
    std::printf("handshake time:  median %.2f ms, min %.2f ms, max %.2f ms\n", median, times.front(),
                times.back());
    return 0;
  }

  auto launched = tfplugin::PluginClient::Launch(options);
  if (!launched) {
    std::fprintf(stderr, "launch failed: %s\n", launched.error.c_str());
    return 1;
  }
  tfplugin::PluginClient& c = *launched.client;
  std::printf("handshake line:  %s\n", c.handshake_line().c_str());
  std::printf("  core protocol: 1\n");
  std::printf("  app protocol:  %d\n", c.protocol_version());
  std::printf("  network:       %s\n", c.network().c_str());
  std::printf("  address:       %s\n", c.address().c_str());
  std::printf("  protocol:      grpc\n");
  std::printf("  server cert:   %zu bytes DER\n", c.server_cert_der().size());
  std::printf("tls:             %s\n",
              c.tls_description().empty() ? "off (plaintext)" : c.tls_description().c_str());
  const std::string health = HealthStatus(c.channel());
  std::printf("health(plugin):  %s\n", health.c_str());
  std::printf("handshake time:  %.2f ms\n", Millis(c.handshake_latency()));
  const bool details_ok = PrintProviderDetails(c);

  const auto t0 = std::chrono::steady_clock::now();
  const tfplugin::ExitInfo exit = c.Kill();
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - t0);
  std::printf("shutdown:        %s, %s, %.2f ms\n", exit.graceful ? "graceful" : "NOT graceful",
              exit.ToString().c_str(), Millis(took));
  std::fflush(stdout);
  const bool ok = health == "SERVING" && exit.graceful && exit.exited && exit.exit_status == 0 &&
                  details_ok;
  return ok ? 0 : 1;
}
