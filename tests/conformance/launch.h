// Launching the real provider binaries for conformance tests: through
// tfplugin::PluginClient (go-plugin handshake, optional AutoMTLS, unix or
// tcp) and NewGrpcProviderClient (protocol 5 or 6), as OpenTofu does.
#ifndef EDP_TESTS_CONFORMANCE_LAUNCH_H_
#define EDP_TESTS_CONFORMANCE_LAUNCH_H_

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tfplugin/plugin_client.h"
#include "tfplugin/provider.h"

namespace conformance {

struct Transport {
  int protocol = 6;
  bool tcp = false;
  bool mtls = true;
};
// "v6_unix_mtls", "v5_tcp_plain", ... (test name suffixes)
std::string TransportName(const Transport& t);
// For INSTANTIATE_TEST_SUITE_P.
inline std::string ParamName(const ::testing::TestParamInfo<Transport>& p) {
  return TransportName(p.param);
}
// All eight combinations.
std::vector<Transport> AllTransports();

// Lines the plugin wrote on stderr (thread-safe).
class StderrLog {
 public:
  void Add(std::string_view line);
  std::vector<std::string> Lines() const;
  bool Contains(std::string_view needle) const;
  // The first sanitizer report line ("ERROR: AddressSanitizer...",
  // "runtime error: ..."), or "".
  std::string SanitizerReport() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

struct Plugin {
  std::unique_ptr<tfplugin::PluginClient> client;
  std::unique_ptr<tfplugin::Provider> provider;  // over gRPC
  std::shared_ptr<StderrLog> log;
};

// Starts `executable` with `extra_env` ("KEY=value") on transport `t`.
// On failure returns null and sets *error (launch error or the schema
// diagnostics of the client).
std::unique_ptr<Plugin> Launch(const std::string& executable, const Transport& t,
                               std::vector<std::string> extra_env, std::string* error);

// A fresh empty directory under $TMPDIR (or /tmp).
std::string TempDir();

}  // namespace conformance

#endif  // EDP_TESTS_CONFORMANCE_LAUNCH_H_
