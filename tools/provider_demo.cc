// provider-demo: drives a provider binary the way `tofu plan` does for a
// provider block, and narrates what happens. The main job (scripts/main-job.sh)
// runs it against terraform-provider-edp until the orchestrator and otc-sim
// take over that role.
//
//   provider-demo PROVIDER_BINARY
//
// For protocol 6 and then protocol 5 it: launches the binary with AutoMTLS,
// reads the schema, validates a provider configuration containing mistakes
// (printing the diagnostics as tofu would, with attribute paths), validates
// and configures a correct one, sends StopProvider, shuts the process down
// and checks that it exited by itself. Exit status 0 only if every step
// behaved as expected.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cty/value.h"
#include "tfplugin/grpc_provider_client.h"
#include "tfplugin/plugin_client.h"
#include "tfplugin/provider.h"

namespace {

// A provider configuration object: every attribute null, nested block
// collections empty, then the given string attributes set.
cty::Value ConfigValue(const tfplugin::SchemaBlock& block,
                       const std::map<std::string, std::string>& set) {
  std::map<std::string, cty::Value> attrs;
  for (const auto& a : block.attributes) {
    auto it = set.find(a.name);
    attrs[a.name] = it != set.end() ? cty::Value::String(it->second) : cty::Value::Null(a.ImpliedType());
  }
  for (const auto& b : block.block_types) {
    cty::Type obj = b.block->ImpliedType();
    switch (b.nesting) {
      case tfplugin::NestingMode::kList: attrs[b.type_name] = cty::Value::EmptyList(obj); break;
      case tfplugin::NestingMode::kSet: attrs[b.type_name] = cty::Value::EmptySet(obj); break;
      case tfplugin::NestingMode::kMap: attrs[b.type_name] = cty::Value::EmptyMap(obj); break;
      default: attrs[b.type_name] = cty::Value::Null(obj); break;
    }
  }
  return cty::Value::ObjectOf(block.ImpliedType(), std::move(attrs));
}

void PrintDiagnostics(const tfplugin::Diagnostics& diags) {
  for (const auto& d : diags) {
    std::printf("    %s: %s\n", d.severity == tfplugin::Severity::kError ? "Error" : "Warning",
                d.summary.c_str());
    if (d.attribute && !d.attribute->empty()) {
      std::printf("      on provider \"edp\" attribute %s\n", d.attribute->ToString().c_str());
    }
    if (!d.detail.empty()) std::printf("      %s\n", d.detail.c_str());
  }
}

bool RunProtocol(const std::string& binary, int version) {
  std::printf("== protocol %d ==\n", version);
  tfplugin::LaunchOptions opts;
  opts.executable = binary;
  opts.protocol_versions = {version};
  auto launched = tfplugin::PluginClient::Launch(opts);
  if (!launched) {
    std::printf("  launch failed: %s\n", launched.error.c_str());
    return false;
  }
  auto& client = *launched.client;
  std::printf("  handshake after %.1f ms: %s %s, %s\n", client.handshake_latency().count() / 1000.0,
              client.network().c_str(), client.address().c_str(),
              client.tls_description().empty() ? "plaintext" : client.tls_description().c_str());

  tfplugin::Diagnostics diags;
  auto provider = tfplugin::NewGrpcProviderClient(client.channel(), client.protocol_version(), &diags);
  if (!provider) {
    PrintDiagnostics(diags);
    return false;
  }
  auto schema = provider->GetProviderSchema();
  const auto& block = schema.provider.block;
  std::printf("  provider schema: %zu configuration attributes, %zu resource types, %zu data sources\n",
              block.attributes.size(), schema.resource_schemas.size(), schema.data_source_schemas.size());
  std::string sensitive;
  for (const auto& a : block.attributes) {
    if (a.sensitive) sensitive += (sensitive.empty() ? "" : ", ") + a.name;
  }
  std::printf("  sensitive attributes: %s\n", sensitive.c_str());

  bool ok = true;
  std::printf("  validating a configuration with mistakes:\n");
  tfplugin::ValidateProviderConfigRequest bad;
  bad.config = ConfigValue(block, {{"auth_url", "iam.eu-de.otc.t-systems.com"},
                                   {"access_key", "AKIAEXAMPLE"},
                                   {"region", "eu-de"}});
  tfplugin::ValidateProviderConfigResponse bad_resp;
  provider->ValidateProviderConfig(bad, bad_resp);
  PrintDiagnostics(bad_resp.diagnostics);
  if (!bad_resp.diagnostics.HasError()) {
    std::printf("  UNEXPECTED: the mistakes were accepted\n");
    ok = false;
  }

  std::map<std::string, std::string> good_attrs = {
      {"auth_url", "https://iam.eu-de.otc.t-systems.com/v3"},
      {"region", "eu-de"},
      {"domain_name", "OTC-EU-DE-00000000001000000001"},
      {"project_name", "eu-de_edp"},
      {"user_name", "edp-deployer"},
      {"password", "demo-password-never-logged"}};
  tfplugin::ValidateProviderConfigRequest good;
  good.config = ConfigValue(block, good_attrs);
  tfplugin::ValidateProviderConfigResponse good_resp;
  provider->ValidateProviderConfig(good, good_resp);
  tfplugin::ConfigureProviderRequest conf;
  conf.terraform_version = "1.10.0";
  conf.config = good.config;
  tfplugin::ConfigureProviderResponse conf_resp;
  provider->ConfigureProvider(conf, conf_resp);
  if (good_resp.diagnostics.HasError() || conf_resp.diagnostics.HasError()) {
    std::printf("  UNEXPECTED: the correct configuration was rejected:\n");
    PrintDiagnostics(good_resp.diagnostics);
    PrintDiagnostics(conf_resp.diagnostics);
    ok = false;
  } else {
    std::printf("  correct configuration validated and configured (user/password, project scope)\n");
  }
  std::string stop_error = provider->StopProvider();
  std::printf("  StopProvider: %s\n", stop_error.empty() ? "ok" : stop_error.c_str());
  provider.reset();
  tfplugin::ExitInfo exit = client.Kill();
  std::printf("  shutdown: %s, %s\n", exit.graceful ? "exited by itself" : "had to be killed",
              exit.ToString().c_str());
  return ok && exit.graceful && exit.exited && exit.exit_status == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: provider-demo PROVIDER_BINARY\n");
    return 2;
  }
  bool ok = RunProtocol(argv[1], 6);
  ok = RunProtocol(argv[1], 5) && ok;
  std::printf("%s\n", ok ? "provider-demo: all steps behaved as expected"
                         : "provider-demo: FAILED (see above)");
  return ok ? 0 : 1;
}
