// terraform-provider-edptest: the test-only provider binary (never
// installed). EDPTEST_PROTOCOL5=1 drops the protocol-6-only nested
// attribute so the schema also works over protocol 5.
#include <cstdlib>
#include <string>

#include "edptest_provider.h"
#include "tfplugin/serve.h"

int main(int argc, char** argv) {
  edptest::Options options;
  const char* p5 = std::getenv("EDPTEST_PROTOCOL5");
  options.nested_attributes = !(p5 != nullptr && std::string(p5) == "1");
  tfplugin::ServeOptions serve;
  serve.provider_address = "registry.opentofu.org/edp/edptest";
  serve.log_module = "provider.edptest";
  return tfplugin::Serve(argc, argv, serve, edptest::NewFrameworkProvider(std::move(options)));
}
