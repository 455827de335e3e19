#include "launch.h"

#include <cstdlib>

#include "tfplugin/grpc_provider_client.h"

namespace conformance {

std::string TransportName(const Transport& t) {
  return "v" + std::to_string(t.protocol) + (t.tcp ? "_tcp" : "_unix") +
         (t.mtls ? "_mtls" : "_plain");
}

std::vector<Transport> AllTransports() {
  std::vector<Transport> out;
  for (int protocol : {6, 5}) {
    for (bool tcp : {false, true}) {
      for (bool mtls : {true, false}) out.push_back({protocol, tcp, mtls});
    }
  }
  return out;
}

void StderrLog::Add(std::string_view line) {
  std::lock_guard<std::mutex> lock(mu_);
  lines_.emplace_back(line);
}

std::vector<std::string> StderrLog::Lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

bool StderrLog::Contains(std::string_view needle) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& l : lines_) {
    if (l.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string StderrLog::SanitizerReport() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& l : lines_) {
    if (l.find("Sanitizer") != std::string::npos || l.find("runtime error:") != std::string::npos) {
      return l;
    }
  }
  return "";
}

std::unique_ptr<Plugin> Launch(const std::string& executable, const Transport& t,
                               std::vector<std::string> extra_env, std::string* error) {
  auto plugin = std::make_unique<Plugin>();
  plugin->log = std::make_shared<StderrLog>();
  tfplugin::LaunchOptions opts;
  opts.executable = executable;
  opts.protocol_versions = {t.protocol};
  opts.auto_mtls = t.mtls;
  opts.start_timeout = std::chrono::seconds(20);
  extra_env.push_back(std::string("EDP_PLUGIN_NETWORK=") + (t.tcp ? "tcp" : "unix"));
  opts.extra_env = std::move(extra_env);
  std::shared_ptr<StderrLog> log = plugin->log;
  opts.stderr_sink = [log](std::string_view line) { log->Add(line); };
  auto launched = tfplugin::PluginClient::Launch(opts);
  if (!launched) {
    *error = "launch failed: " + launched.error;
    return nullptr;
  }
  plugin->client = std::move(launched.client);
  tfplugin::Diagnostics diags;
  plugin->provider = tfplugin::NewGrpcProviderClient(plugin->client->channel(), t.protocol, &diags);
  if (!plugin->provider) {
    *error = "client failed: " + diags.ToString();
    return nullptr;
  }
  return plugin;
}

std::string TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/edp-conformance-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return "/tmp";
  return std::string(buf.data());
}

}  // namespace conformance
