// Whole-process benchmark of a provider binary, measured the way OpenTofu
// experiences it: spawn -> handshake line (AutoMTLS on, protocol 6), the
// GetProviderSchema round trip over the real mTLS connection, and the
// resident memory of the idle process after that call.
//
//   bench_provider_startup [--runs N] PROVIDER [REFERENCE_PROVIDER]
//
// With a second binary (e.g. the Go go-plugin reference server built in
// tests/golang) both are measured in the same run, interleaved, and the
// ratio is printed, so machine noise affects both alike.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tfplugin/plugin_client.h"
#include "tfplugin6.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Sample {
  double handshake_ms = 0;
  double schema_ms = 0;  // median of the schema calls in this launch
  long rss_kb = 0;
};

long ReadRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

bool Measure(const std::string& binary, bool with_schema, Sample* out, std::string* error) {
  tfplugin::LaunchOptions opts;
  opts.executable = binary;
  opts.protocol_versions = {5, 6};
  opts.stderr_sink = [](std::string_view) {};
  auto launched = tfplugin::PluginClient::Launch(opts);
  if (!launched) {
    *error = launched.error;
    return false;
  }
  auto& client = *launched.client;
  out->handshake_ms = client.handshake_latency().count() / 1000.0;
  if (with_schema && client.protocol_version() == 6) {
    auto stub = tfplugin6::Provider::NewStub(client.channel());
    std::vector<double> times;
    for (int i = 0; i < 20; ++i) {
      grpc::ClientContext ctx;
      tfplugin6::GetProviderSchema::Request req;
      tfplugin6::GetProviderSchema::Response resp;
      auto t0 = Clock::now();
      grpc::Status st = stub->GetProviderSchema(&ctx, req, &resp);
      auto t1 = Clock::now();
      if (!st.ok()) {
        *error = "GetProviderSchema: " + st.error_message();
        return false;
      }
      times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    out->schema_ms = Median(times);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    out->rss_kb = ReadRssKb(client.pid());
  }
  client.Kill();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  std::vector<std::string> binaries;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else {
      binaries.push_back(a);
    }
  }
  if (binaries.empty() || binaries.size() > 2 || runs < 1) {
    std::fprintf(stderr, "usage: bench_provider_startup [--runs N] PROVIDER [REFERENCE_PROVIDER]\n");
    return 2;
  }
  std::vector<std::vector<Sample>> samples(binaries.size());
  for (int r = 0; r < runs; ++r) {
    for (size_t b = 0; b < binaries.size(); ++b) {
      Sample s;
      std::string error;
      if (!Measure(binaries[b], /*with_schema=*/true, &s, &error)) {
        std::fprintf(stderr, "%s: %s\n", binaries[b].c_str(), error.c_str());
        return 1;
      }
      samples[b].push_back(s);
    }
  }
  std::printf("| binary | runs | handshake median (ms) | handshake min (ms) | GetProviderSchema median (ms) | idle RSS median (MB) |\n");
  std::printf("|---|---|---|---|---|---|\n");
  std::vector<double> medians;
  for (size_t b = 0; b < binaries.size(); ++b) {
    std::vector<double> hs, sc, rss;
    for (const auto& s : samples[b]) {
      hs.push_back(s.handshake_ms);
      sc.push_back(s.schema_ms);
      rss.push_back(s.rss_kb / 1024.0);
    }
    medians.push_back(Median(hs));
    std::string name = binaries[b].substr(binaries[b].find_last_of('/') + 1);
    std::printf("| %s | %d | %.2f | %.2f | %.3f | %.1f |\n", name.c_str(), runs, Median(hs),
                *std::min_element(hs.begin(), hs.end()), Median(sc), Median(rss));
  }
  if (medians.size() == 2 && medians[0] > 0) {
    std::printf("\nhandshake ratio (reference / provider): %.2fx\n", medians[1] / medians[0]);
  }
  return 0;
}
