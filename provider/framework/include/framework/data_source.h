// framework::DataSource: one data source type (terraform-plugin-framework's
// datasource.DataSource shape). Optional interfaces: DataSourceWithConfigure
// and DataSourceWithValidateConfig.
//
// The framework validates the configuration (schema validators and
// ValidateConfig) before Read, pre-fills the state with the configuration
// and checks that the result is non-null, wholly known and keeps every
// configured value of non-computed attributes.
//
// One DataSource object is created per RPC; methods may run concurrently on
// different objects.
#ifndef EDP_FRAMEWORK_DATA_SOURCE_H_
#define EDP_FRAMEWORK_DATA_SOURCE_H_

#include <functional>
#include <memory>
#include <string>

#include "cty/value.h"
#include "framework/context.h"
#include "framework/resource.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework {

struct DataSourceMetadataRequest {
  std::string provider_type_name;
};
struct DataSourceMetadataResponse {
  std::string type_name;
};
struct DataSourceSchemaRequest {};
struct DataSourceSchemaResponse {
  framework::Schema schema;
  tfplugin::Diagnostics diagnostics;
};

struct DataSourceReadRequest {
  cty::Value config;  // wholly known
};
struct DataSourceReadResponse {
  cty::Value state;  // pre-filled with the configuration
  tfplugin::Diagnostics diagnostics;
};

class DataSource {
 public:
  virtual ~DataSource() = default;
  virtual void Metadata(const Context& ctx, const DataSourceMetadataRequest& req,
                        DataSourceMetadataResponse& resp) = 0;
  virtual void Schema(const Context& ctx, const DataSourceSchemaRequest& req,
                      DataSourceSchemaResponse& resp) = 0;
  virtual void Read(const Context& ctx, const DataSourceReadRequest& req,
                    DataSourceReadResponse& resp) = 0;
};

using DataSourceFactory = std::function<std::unique_ptr<DataSource>()>;

class DataSourceWithConfigure {
 public:
  virtual ~DataSourceWithConfigure() = default;
  virtual void Configure(const Context& ctx, const ConfigureRequest& req,
                         ConfigureResponse& resp) = 0;
};

class DataSourceWithValidateConfig {
 public:
  virtual ~DataSourceWithValidateConfig() = default;
  virtual void ValidateConfig(const Context& ctx, const ValidateConfigRequest& req,
                              ValidateConfigResponse& resp) = 0;
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_DATA_SOURCE_H_
