// Fuzz target for the orchestrator's configuration readers: the input is
// written as a unit's terragrunt.hcl (next to a root.hcl it may include)
// and loaded in discovery and full mode, then as a terragrunt.stack.hcl and
// parsed; rendering the loaded unit must not fail. run_cmd is disabled, so
// fuzz input never runs programs. Any crash, sanitizer report or hang is a
// bug; errors are fine.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.h"
#include "config/stack_file.h"

namespace {

namespace fs = std::filesystem;

const fs::path& Dir() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("edp-fuzz-tg-" + std::to_string(getpid()));
    fs::create_directories(d / "unit");
    fs::create_directories(d / "stack");
    std::ofstream(d / "root.hcl") << "locals {\n  region = \"eu-de\"\n}\ninputs = {\n  a = [1, 2]\n}\n";
    return d;
  }();
  return dir;
}

void WriteFile(const fs::path& p, const uint8_t* data, size_t size) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  const fs::path& dir = Dir();
  WriteFile(dir / "unit" / "terragrunt.hcl", data, size);
  for (bool discovery : {true, false}) {
    config::LoadOptions o;
    o.discovery = discovery;
    o.always_allow_mocks = true;
    o.allow_run_cmd = false;
    o.terraform_command = "plan";
    o.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    config::Loader loader(o);
    config::LoadResult r = loader.LoadUnit(dir / "unit" / "terragrunt.hcl");
    if (r.config) {
      cty::Value v = config::Loader::Render(*r.config);
      (void)config::Loader::RenderHCL(v);
    }
  }
  WriteFile(dir / "stack" / "terragrunt.stack.hcl", data, size);
  config::StackParseOptions so;
  so.allow_run_cmd = false;
  so.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  (void)config::ParseStackFile(dir / "stack" / "terragrunt.stack.hcl", so);
  return 0;
}
