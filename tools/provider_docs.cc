// provider-docs: writes the registry-style documentation of
// terraform-provider-edp (provider block, every resource and data source)
// from the schemas in the code, so docs/provider/ can never drift from what
// the binary accepts.
//
//   provider-docs DIR           write DIR/index.md, DIR/resources/<type>.md,
//                               DIR/data-sources/<type>.md
//   provider-docs --check DIR   exit 1 (listing the files) if any file in DIR
//                               differs from what would be written
//
// ctest runs the --check form (test provider_docs_up_to_date).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "framework/context.h"
#include "framework/docs.h"
#include "provider/edp_provider.h"

namespace {

namespace fs = std::filesystem;

// Relative path -> content of every documentation file.
std::map<std::string, std::string> Render() {
  std::map<std::string, std::string> files;
  provider::EdpProvider p;
  framework::Context ctx;

  framework::ProviderSchemaResponse ps;
  p.Schema(ctx, {}, ps);
  framework::DocOptions popts;
  popts.kind = framework::DocKind::kProvider;
  popts.name = provider::kProviderTypeName;
  popts.example_hcl =
      "provider \"edp\" {\n"
      "  auth_url    = \"https://iam.eu-de.otc.t-systems.com/v3\"\n"
      "  domain_name = \"OTC-EU-DE-00000000001000000001\"\n"
      "  tenant_name = \"eu-de_edp\"\n"
      "  user_name   = \"deployer\"\n"
      "  password    = var.otc_password\n"
      "}\n";
  files["index.md"] = framework::GenerateMarkdown(ps.schema, popts);

  for (const auto& factory : p.Resources()) {
    auto r = factory();
    framework::ResourceMetadataResponse meta;
    r->Metadata(ctx, {provider::kProviderTypeName}, meta);
    framework::ResourceSchemaResponse rs;
    r->Schema(ctx, {}, rs);
    framework::DocOptions o;
    o.kind = framework::DocKind::kResource;
    o.name = meta.type_name;
    files["resources/" + meta.type_name + ".md"] = framework::GenerateMarkdown(rs.schema, o);
  }
  for (const auto& factory : p.DataSources()) {
    auto d = factory();
    framework::DataSourceMetadataResponse meta;
    d->Metadata(ctx, {provider::kProviderTypeName}, meta);
    framework::DataSourceSchemaResponse ds;
    d->Schema(ctx, {}, ds);
    framework::DocOptions o;
    o.kind = framework::DocKind::kDataSource;
    o.name = meta.type_name;
    files["data-sources/" + meta.type_name + ".md"] = framework::GenerateMarkdown(ds.schema, o);
  }
  return files;
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::FILE* f = std::fopen(p.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[65536];
  size_t n;
  out->clear();
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  std::fclose(f);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (!(argc == 2 || check)) {
    std::fprintf(stderr, "usage: provider-docs [--check] DIR\n");
    return 2;
  }
  fs::path dir = argv[argc - 1];
  int stale = 0;
  for (const auto& [rel, content] : Render()) {
    fs::path p = dir / rel;
    if (check) {
      std::string have;
      if (!ReadFile(p, &have) || have != content) {
        std::fprintf(stderr, "provider-docs: %s is out of date; run: provider-docs %s\n",
                     p.c_str(), dir.c_str());
        ++stale;
      }
      continue;
    }
    fs::create_directories(p.parent_path());
    fs::path tmp = p;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << content;
      if (!out) {
        std::fprintf(stderr, "provider-docs: cannot write %s\n", tmp.c_str());
        return 1;
      }
    }
    fs::rename(tmp, p);  // atomic replace
    std::printf("wrote %s\n", p.c_str());
  }
  return stale == 0 ? 0 : 1;
}
