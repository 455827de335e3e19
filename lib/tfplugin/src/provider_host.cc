// ProviderHost (see provider_host.h) and the service factories' host half.
#include "provider_host.h"

#include <algorithm>
#include <exception>
#include <utility>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "services.h"
#include "tfplugin/log.h"
#include "to_proto.h"

namespace tfplugin::internal {

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string SerializeDeterministic(const google::protobuf::MessageLite& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }
  return out;
}

SchemaEntry MakeEntry(std::string name, Schema schema) {
  SchemaEntry e;
  e.name = std::move(name);
  e.type = schema.block.ImpliedType();
  e.schema = std::move(schema);
  return e;
}

}  // namespace

std::string SuggestName(std::string_view given, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_dist = 3;  // suggest only when closer than this
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(given, c);
    if (d < best_dist) {
      best_dist = d;
      best = c;
    }
  }
  return best;
}

ProviderHost::ProviderHost(std::shared_ptr<Provider> provider) : provider_(std::move(provider)) {
  LoadSchema();
}

void ProviderHost::LoadSchema() {
  try {
    schema_ = provider_->GetProviderSchema();
  } catch (const std::exception& e) {
    schema_ = GetProviderSchemaResponse{};
    schema_.diagnostics.AddError(
        "Provider Internal Error",
        std::string("The provider failed while producing its schema: ") + e.what() +
            ". This is always a bug in the provider and should be reported to the provider "
            "developers.");
    log::Error("GetProviderSchema raised an exception", {{"tf_rpc", "GetProviderSchema"}});
  } catch (...) {
    schema_ = GetProviderSchemaResponse{};
    schema_.diagnostics.AddError("Provider Internal Error",
                                 "The provider failed while producing its schema. This is always "
                                 "a bug in the provider and should be reported to the provider "
                                 "developers.");
    log::Error("GetProviderSchema raised an exception", {{"tf_rpc", "GetProviderSchema"}});
  }

  // Moving resources across types needs an RPC the Provider API doesn't
  // have, so the capability is never advertised.
  capabilities_ = schema_.capabilities;
  capabilities_.move_resource_state = false;

  index_ = SchemaIndex(schema_);

  to_proto::GetProviderSchema(schema_, capabilities_, &v5_schema_);
  to_proto::GetProviderSchema(schema_, capabilities_, &v6_schema_);
  v5_schema_bytes_ = SerializeDeterministic(v5_schema_);
  v6_schema_bytes_ = SerializeDeterministic(v6_schema_);
  to_proto::GetMetadata(capabilities_, resource_type_names(), data_source_type_names(),
                        schema_.diagnostics, &v5_metadata_);
  to_proto::GetMetadata(capabilities_, resource_type_names(), data_source_type_names(),
                        schema_.diagnostics, &v6_metadata_);
}

SchemaIndex::SchemaIndex(const GetProviderSchemaResponse& schema) {
  provider_config_ = MakeEntry("", schema.provider);
  if (schema.provider_meta) {
    provider_meta_ = MakeEntry("", *schema.provider_meta);
    has_provider_meta_ = true;
  }
  for (const auto& [name, s] : schema.resource_schemas) {
    resources_.emplace(name, MakeEntry(name, s));
    resource_names_.push_back(name);
  }
  for (const auto& [name, s] : schema.data_source_schemas) {
    data_sources_.emplace(name, MakeEntry(name, s));
    data_source_names_.push_back(name);
  }
}

const SchemaEntry* SchemaIndex::Find(const EntryMap& map, const std::vector<std::string>& names,
                                      std::string_view type_name, std::string_view summary,
                                      std::string_view kind, Diagnostics* diags) const {
  auto it = map.find(type_name);
  if (it != map.end()) return &it->second;
  std::string detail = "This provider does not support ";
  detail += kind;
  detail += " type \"";
  detail += type_name;
  detail += "\".";
  const std::string suggestion = SuggestName(type_name, names);
  if (!suggestion.empty()) detail += " Did you mean \"" + suggestion + "\"?";
  detail += " The configuration and the provider version may not match.";
  diags->AddError(std::string(summary), std::move(detail));
  return nullptr;
}

const SchemaEntry* SchemaIndex::Resource(std::string_view type_name, Diagnostics* diags) const {
  return Find(resources_, resource_names_, type_name, "Unknown Resource Type", "resource", diags);
}

const SchemaEntry* SchemaIndex::DataSource(std::string_view type_name, Diagnostics* diags) const {
  return Find(data_sources_, data_source_names_, type_name, "Unknown Data Source Type",
              "data source", diags);
}

std::shared_ptr<ProviderHost> NewProviderHost(std::shared_ptr<Provider> provider) {
  return std::make_shared<ProviderHost>(std::move(provider));
}

}  // namespace tfplugin::internal
