// ProviderHost: the protocol-neutral state shared by the tfplugin5 and
// tfplugin6 services of one provider process.
//
// At construction it calls Provider::GetProviderSchema exactly once and
// caches
//   * every schema together with its implied cty type (the type all
//     DynamicValues of that block are decoded and encoded with), found by
//     type name in O(log n);
//   * the GetProviderSchema and GetMetadata responses of both protocols,
//     converted once, so those RPCs are a copy of a pre-built message.
// Lookups of unknown type names add an "Unknown Resource Type" / "Unknown
// Data Source Type" error diagnostic with a "Did you mean" suggestion.
//
// Thread safety: immutable after construction; all methods are const and
// safe to call concurrently. provider() is the wrapped provider, whose own
// methods must be thread-safe.
#ifndef EDP_TFPLUGIN_SRC_PROVIDER_HOST_H_
#define EDP_TFPLUGIN_SRC_PROVIDER_HOST_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cty/type.h"
#include "tfplugin/diagnostics.h"
#include "tfplugin/provider.h"
#include "tfplugin/schema.h"
#include "tfplugin5.pb.h"
#include "tfplugin6.pb.h"

namespace tfplugin::internal {

// A schema and the cty type its values have on the wire.
struct SchemaEntry {
  std::string name;  // type name; "" for the provider and provider_meta blocks
  Schema schema;
  cty::Type type;
};

// Returns the candidate closest to `given` by edit distance if it is close
// enough to be a likely typo (distance < 3, as HCL's suggestions), else "".
std::string SuggestName(std::string_view given, const std::vector<std::string>& candidates);

// The schemas of one provider indexed by type name, with implied types
// computed once. Used by ProviderHost (server) and GrpcProviderClient.
class SchemaIndex {
 public:
  SchemaIndex() = default;
  explicit SchemaIndex(const GetProviderSchemaResponse& schema);

  const SchemaEntry& provider_config() const { return provider_config_; }
  // nullptr when the provider declares no provider_meta block.
  const SchemaEntry* provider_meta() const { return has_provider_meta_ ? &provider_meta_ : nullptr; }

  // On an unknown name: nullptr, and an "Unknown Resource Type" / "Unknown
  // Data Source Type" error (with a suggestion) is added to *diags.
  const SchemaEntry* Resource(std::string_view type_name, Diagnostics* diags) const;
  const SchemaEntry* DataSource(std::string_view type_name, Diagnostics* diags) const;

  const std::vector<std::string>& resource_type_names() const { return resource_names_; }
  const std::vector<std::string>& data_source_type_names() const { return data_source_names_; }

 private:
  using EntryMap = std::map<std::string, SchemaEntry, std::less<>>;
  const SchemaEntry* Find(const EntryMap& map, const std::vector<std::string>& names,
                          std::string_view type_name, std::string_view summary,
                          std::string_view kind, Diagnostics* diags) const;

  SchemaEntry provider_config_;
  SchemaEntry provider_meta_;
  bool has_provider_meta_ = false;
  EntryMap resources_;
  EntryMap data_sources_;
  std::vector<std::string> resource_names_;    // sorted
  std::vector<std::string> data_source_names_;  // sorted
};

class ProviderHost {
 public:
  // REQUIRES: provider != nullptr. Never throws because of the provider: an
  // exception from GetProviderSchema becomes an error diagnostic in the
  // schema responses.
  explicit ProviderHost(std::shared_ptr<Provider> provider);

  ProviderHost(const ProviderHost&) = delete;
  ProviderHost& operator=(const ProviderHost&) = delete;

  Provider& provider() const { return *provider_; }

  // The provider configuration block.
  const SchemaEntry& provider_config() const { return index_.provider_config(); }
  // The provider_meta block, or nullptr when the provider declares none.
  const SchemaEntry* provider_meta() const { return index_.provider_meta(); }

  // Schema of a managed resource / data source type. On an unknown name
  // returns nullptr and adds an error diagnostic to *diags.
  const SchemaEntry* Resource(std::string_view type_name, Diagnostics* diags) const {
    return index_.Resource(type_name, diags);
  }
  const SchemaEntry* DataSource(std::string_view type_name, Diagnostics* diags) const {
    return index_.DataSource(type_name, diags);
  }

  // The provider's answer to GetProviderSchema, as returned (diagnostics
  // included) and the capabilities advertised to clients.
  const GetProviderSchemaResponse& schema() const { return schema_; }
  const ServerCapabilities& capabilities() const { return capabilities_; }
  const std::vector<std::string>& resource_type_names() const {
    return index_.resource_type_names();
  }
  const std::vector<std::string>& data_source_type_names() const {
    return index_.data_source_type_names();
  }

  // Pre-built responses (see file comment).
  const tfplugin5::GetProviderSchema::Response& v5_schema_response() const { return v5_schema_; }
  const tfplugin6::GetProviderSchema::Response& v6_schema_response() const { return v6_schema_; }
  // The schema responses serialized once (deterministically).
  const std::string& v5_schema_bytes() const { return v5_schema_bytes_; }
  const std::string& v6_schema_bytes() const { return v6_schema_bytes_; }
  const tfplugin5::ProviderMetadata::Response& v5_metadata_response() const { return v5_metadata_; }
  const tfplugin6::ProviderMetadata::Response& v6_metadata_response() const { return v6_metadata_; }

 private:
  void LoadSchema();

  std::shared_ptr<Provider> provider_;
  GetProviderSchemaResponse schema_;
  ServerCapabilities capabilities_;
  SchemaIndex index_;

  tfplugin5::GetProviderSchema::Response v5_schema_;
  tfplugin6::GetProviderSchema::Response v6_schema_;
  std::string v5_schema_bytes_;
  std::string v6_schema_bytes_;
  tfplugin5::ProviderMetadata::Response v5_metadata_;
  tfplugin6::ProviderMetadata::Response v6_metadata_;
};

}  // namespace tfplugin::internal

#endif  // EDP_TFPLUGIN_SRC_PROVIDER_HOST_H_
