// tfplugin::Provider: the protocol-neutral provider interface.
//
// The gRPC layer (protocol 5 and 6) decodes each request into these structs,
// with every DynamicValue already decoded into a cty::Value of the schema's
// implied type, calls the Provider, and encodes the response. Resources and
// the framework never see protobuf or msgpack.
//
// What the gRPC layer guarantees before calling a method:
//  1. type_name is a resource / data source type from GetProviderSchema;
//     otherwise it answers with an "Unknown Resource Type" diagnostic itself.
//  2. Values conform to the schema's implied type; undecodable input is
//     answered with a diagnostic naming the field, never passed on.
//  3. Null DynamicValues (msgpack nil or absent) arrive as cty nulls.
// What it does with responses: values are encoded with the schema's implied
// type; a value that does not conform becomes an error diagnostic ("Provider
// Produced Invalid Value", a provider bug) rather than a malformed message.
//
// Methods may be called concurrently from several threads (tofu runs up to
// -parallelism RPCs at once); StopProvider may arrive at any time and must
// make in-flight long operations return promptly.
#ifndef EDP_TFPLUGIN_PROVIDER_H_
#define EDP_TFPLUGIN_PROVIDER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cty/path.h"
#include "cty/value.h"
#include "tfplugin/diagnostics.h"
#include "tfplugin/schema.h"

namespace tfplugin {

struct ClientCapabilities {
  bool deferral_allowed = false;
  bool write_only_attributes_allowed = false;
};

struct GetProviderSchemaResponse {
  Schema provider;
  std::optional<Schema> provider_meta;
  std::map<std::string, Schema> resource_schemas;
  std::map<std::string, Schema> data_source_schemas;
  ServerCapabilities capabilities;
  Diagnostics diagnostics;
};

struct ValidateProviderConfigRequest {
  cty::Value config;  // may contain unknowns
};
struct ValidateProviderConfigResponse {
  Diagnostics diagnostics;
};

struct ValidateResourceConfigRequest {
  std::string type_name;
  cty::Value config;  // may contain unknowns
  ClientCapabilities client_capabilities;
};
struct ValidateResourceConfigResponse {
  Diagnostics diagnostics;
};

struct ValidateDataResourceConfigRequest {
  std::string type_name;
  cty::Value config;
};
struct ValidateDataResourceConfigResponse {
  Diagnostics diagnostics;
};

// Raw stored state, typed by the schema version that wrote it.
struct RawState {
  std::string json;                              // cty JSON of the stored object
  std::map<std::string, std::string> flatmap;    // pre-0.12 states
};
struct UpgradeResourceStateRequest {
  std::string type_name;
  int64_t version = 0;
  RawState raw_state;
};
struct UpgradeResourceStateResponse {
  cty::Value upgraded_state;  // wholly known, current schema type
  Diagnostics diagnostics;
};

struct ConfigureProviderRequest {
  std::string terraform_version;
  cty::Value config;  // may contain unknowns during plan
  ClientCapabilities client_capabilities;
};
struct ConfigureProviderResponse {
  Diagnostics diagnostics;
};

struct ReadResourceRequest {
  std::string type_name;
  cty::Value current_state;
  std::string private_data;
  cty::Value provider_meta;
  ClientCapabilities client_capabilities;
};
struct ReadResourceResponse {
  cty::Value new_state;  // null: the object is gone
  std::string private_data;
  Diagnostics diagnostics;
};

struct PlanResourceChangeRequest {
  std::string type_name;
  cty::Value prior_state;         // null on create
  cty::Value proposed_new_state;  // null on destroy
  cty::Value config;              // null on destroy
  std::string prior_private;
  cty::Value provider_meta;
  ClientCapabilities client_capabilities;
};
struct PlanResourceChangeResponse {
  cty::Value planned_state;
  std::vector<cty::Path> requires_replace;
  std::string planned_private;
  Diagnostics diagnostics;
};

struct ApplyResourceChangeRequest {
  std::string type_name;
  cty::Value prior_state;    // null on create
  cty::Value planned_state;  // null on delete
  cty::Value config;         // null on delete
  std::string planned_private;
  cty::Value provider_meta;
};
struct ApplyResourceChangeResponse {
  cty::Value new_state;  // null after delete; partial object + errors on failure
  std::string private_data;
  Diagnostics diagnostics;
};

struct ImportResourceStateRequest {
  std::string type_name;
  std::string id;
  ClientCapabilities client_capabilities;
};
struct ImportedResource {
  std::string type_name;
  cty::Value state;
  std::string private_data;
};
struct ImportResourceStateResponse {
  std::vector<ImportedResource> imported_resources;
  Diagnostics diagnostics;
};

struct ReadDataSourceRequest {
  std::string type_name;
  cty::Value config;
  cty::Value provider_meta;
  ClientCapabilities client_capabilities;
};
struct ReadDataSourceResponse {
  cty::Value state;
  Diagnostics diagnostics;
};

class Provider {
 public:
  virtual ~Provider() = default;

  // Must be cheap and stable: the gRPC layer calls it once at start-up and
  // caches the result for decoding every request.
  virtual GetProviderSchemaResponse GetProviderSchema() = 0;

  virtual void ValidateProviderConfig(const ValidateProviderConfigRequest& req,
                                      ValidateProviderConfigResponse& resp) = 0;
  virtual void ValidateResourceConfig(const ValidateResourceConfigRequest& req,
                                      ValidateResourceConfigResponse& resp) = 0;
  virtual void ValidateDataResourceConfig(const ValidateDataResourceConfigRequest& req,
                                          ValidateDataResourceConfigResponse& resp) = 0;
  virtual void UpgradeResourceState(const UpgradeResourceStateRequest& req,
                                    UpgradeResourceStateResponse& resp) = 0;
  virtual void ConfigureProvider(const ConfigureProviderRequest& req,
                                 ConfigureProviderResponse& resp) = 0;
  virtual void ReadResource(const ReadResourceRequest& req, ReadResourceResponse& resp) = 0;
  virtual void PlanResourceChange(const PlanResourceChangeRequest& req,
                                  PlanResourceChangeResponse& resp) = 0;
  virtual void ApplyResourceChange(const ApplyResourceChangeRequest& req,
                                   ApplyResourceChangeResponse& resp) = 0;
  virtual void ImportResourceState(const ImportResourceStateRequest& req,
                                   ImportResourceStateResponse& resp) = 0;
  virtual void ReadDataSource(const ReadDataSourceRequest& req, ReadDataSourceResponse& resp) = 0;

  // Cancel in-flight work and return quickly; not a shutdown. Returns an
  // error text or "" (tofu ignores it).
  virtual std::string StopProvider() = 0;
};

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_PROVIDER_H_
