// FrameworkProvider::Impl: the registry of resource and data source types,
// the configured provider data and the in-flight operations. Shared by the
// per-RPC files (server_*.cc).
#ifndef EDP_FRAMEWORK_SRC_PROVIDER_IMPL_H_
#define EDP_FRAMEWORK_SRC_PROVIDER_IMPL_H_

#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "framework/context.h"
#include "framework/framework_provider.h"
#include "framework/provider.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"
#include "tfplugin/provider.h"

namespace framework {

struct ResourceEntry {
  std::string type_name;
  ResourceFactory factory;
  Schema schema;
  cty::Type type;
  tfplugin::Schema wire;
};

struct DataSourceEntry {
  std::string type_name;
  DataSourceFactory factory;
  Schema schema;
  cty::Type type;
  tfplugin::Schema wire;
};

struct FrameworkProvider::Impl {
  std::shared_ptr<framework::Provider> provider;
  std::string type_name;
  Schema provider_schema;
  tfplugin::Schema provider_wire;
  std::map<std::string, ResourceEntry, std::less<>> resources;
  std::map<std::string, DataSourceEntry, std::less<>> data_sources;
  std::map<std::string, Schema> resource_schemas;  // for accessors
  std::map<std::string, Schema> data_source_schemas;
  tfplugin::Diagnostics registration_diags;

  mutable std::shared_mutex data_mu;
  std::any provider_data;   // guarded by data_mu
  bool configured = false;  // guarded by data_mu

  std::mutex inflight_mu;
  uint64_t next_op = 0;                       // guarded by inflight_mu
  std::map<uint64_t, CancelSource> inflight;  // guarded by inflight_mu

  // Registers a cancellable operation for its lifetime; StopProvider
  // cancels every registered one.
  class Operation {
   public:
    explicit Operation(Impl& impl);
    ~Operation();
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;
    Context context() const { return source_.NewContext(); }

   private:
    Impl& impl_;
    CancelSource source_;
    uint64_t id_;
  };

  // Lookups; add an "Unknown ... Type" error when missing.
  const ResourceEntry* FindResource(std::string_view type_name, tfplugin::Diagnostics& diags) const;
  const DataSourceEntry* FindDataSource(std::string_view type_name,
                                        tfplugin::Diagnostics& diags) const;

  // A new instance, configured with the provider data (when it implements
  // the Configure interface). Null (with an error) if the factory fails.
  std::unique_ptr<Resource> NewResource(const ResourceEntry& entry, const Context& ctx,
                                        tfplugin::Diagnostics& diags) const;
  std::unique_ptr<DataSource> NewDataSource(const DataSourceEntry& entry, const Context& ctx,
                                            tfplugin::Diagnostics& diags) const;

  std::any ProviderData() const;

  // Schema validators plus the data source's ValidateConfig hook (also run
  // before every ReadDataSource).
  void ValidateDataSourceConfig(const DataSourceEntry& entry, const cty::Value& config,
                                tfplugin::Diagnostics& diags);
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_SRC_PROVIDER_IMPL_H_
