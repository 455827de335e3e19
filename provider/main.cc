// terraform-provider-edp: the EDP OpenTofu/Terraform provider for Open
// Telekom Cloud. Started by tofu (go-plugin handshake, protocol 5 or 6);
// never writes to stdout after the handshake.
#include <memory>

#include "provider/edp_provider.h"
#include "tfplugin/serve.h"

int main(int argc, char** argv) {
  tfplugin::ServeOptions options;
  options.provider_address = provider::kProviderAddress;
  options.log_module = "provider.edp";
  options.version = EDP_PROVIDER_VERSION;
  return tfplugin::Serve(argc, argv, options, provider::NewEdpProvider());
}
