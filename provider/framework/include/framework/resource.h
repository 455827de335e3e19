// framework::Resource: one managed resource type, in the shape of
// terraform-plugin-framework's resource.Resource.
//
// A resource implements Metadata, Schema, Create, Read, Update and Delete.
// Everything else is an optional, separate interface the framework detects
// with dynamic_cast:
//   ResourceWithConfigure      receives the provider's configured data
//   ResourceWithImportState    custom `tofu import` IDs (default: the ID is
//                              put into the `id` attribute, all else null)
//   ResourceWithUpgradeState   state written by older schema versions
//   ResourceWithModifyPlan     resource-specific plan adjustments
//   ResourceWithValidateConfig checks beyond the schema's validators
//
// The framework (FrameworkProvider) enforces the protocol contract once for
// every resource, so a resource only maps values to its API:
//  1. Create/Update receive a plan where computed values decided by the
//     remote side are unknown; they must return a state that is wholly
//     known and keeps every known planned value exactly. Violations are
//     reported as provider bugs naming the attribute.
//  2. On failure, a resource returns what exists: Create sets `state` to the
//     partially created object (the framework nulls remaining unknowns and
//     OpenTofu marks it tainted, so it is replaced, never orphaned); Update
//     sets the best-known state (unknowns fall back to prior values). A
//     state left exactly as pre-filled (or NothingCreated()) means nothing
//     happened remotely: nothing is saved on create, the prior state stays
//     on update.
//  3. Read returns the current remote object, or RemoveResource() when it
//     is gone.
//  4. Delete succeeds also when the object is already gone.
//  5. Write-only attributes are visible in `config` only; the framework
//     nulls them in every value it returns.
//
// One Resource object is created per RPC (from the registered factory) and
// configured before use, so member state is per-call. Methods may run
// concurrently on different objects.
#ifndef EDP_FRAMEWORK_RESOURCE_H_
#define EDP_FRAMEWORK_RESOURCE_H_

#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cty/path.h"
#include "cty/value.h"
#include "framework/context.h"
#include "framework/private_state.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework {

struct ResourceMetadataRequest {
  std::string provider_type_name;  // "edp"
};
struct ResourceMetadataResponse {
  std::string type_name;  // "edp_vpc"
};

struct ResourceSchemaRequest {};
struct ResourceSchemaResponse {
  framework::Schema schema;
  tfplugin::Diagnostics diagnostics;
};

struct CreateRequest {
  cty::Value config;
  cty::Value plan;             // unknown where the remote side decides
  PrivateState private_state;  // planned private data
};
struct CreateResponse {
  cty::Value state;            // pre-filled with the plan
  PrivateState private_state;  // pre-filled with the planned private data
  tfplugin::Diagnostics diagnostics;
  // Failure before anything was created remotely: nothing is saved.
  void NothingCreated() { state = cty::Value::Null(state.type()); }
};

struct ReadRequest {
  cty::Value state;
  PrivateState private_state;
};
struct ReadResponse {
  cty::Value state;            // pre-filled with the request's state
  PrivateState private_state;  // pre-filled; echoed unless changed
  tfplugin::Diagnostics diagnostics;
  // The remote object no longer exists.
  void RemoveResource() { state = cty::Value::Null(state.type()); }
};

struct UpdateRequest {
  cty::Value config;
  cty::Value plan;
  cty::Value state;  // prior state
  PrivateState private_state;
};
struct UpdateResponse {
  cty::Value state;  // pre-filled with the plan
  PrivateState private_state;
  tfplugin::Diagnostics diagnostics;
};

struct DeleteRequest {
  cty::Value state;
  PrivateState private_state;
};
struct DeleteResponse {
  tfplugin::Diagnostics diagnostics;
};

class Resource {
 public:
  virtual ~Resource() = default;
  virtual void Metadata(const Context& ctx, const ResourceMetadataRequest& req,
                        ResourceMetadataResponse& resp) = 0;
  virtual void Schema(const Context& ctx, const ResourceSchemaRequest& req,
                      ResourceSchemaResponse& resp) = 0;
  virtual void Create(const Context& ctx, const CreateRequest& req, CreateResponse& resp) = 0;
  virtual void Read(const Context& ctx, const ReadRequest& req, ReadResponse& resp) = 0;
  virtual void Update(const Context& ctx, const UpdateRequest& req, UpdateResponse& resp) = 0;
  virtual void Delete(const Context& ctx, const DeleteRequest& req, DeleteResponse& resp) = 0;
};

using ResourceFactory = std::function<std::unique_ptr<Resource>()>;

// ---- Configure (shared with data sources) -------------------------------

struct ConfigureRequest {
  // What the provider's Configure stored in ProviderConfigureResponse;
  // empty before the provider is configured (validation RPCs).
  std::any provider_data;
};
struct ConfigureResponse {
  tfplugin::Diagnostics diagnostics;
};

class ResourceWithConfigure {
 public:
  virtual ~ResourceWithConfigure() = default;
  virtual void Configure(const Context& ctx, const ConfigureRequest& req,
                         ConfigureResponse& resp) = 0;
};

// ---- ValidateConfig (shared with data sources and providers) ------------

struct ValidateConfigRequest {
  cty::Value config;  // may contain unknowns
};
struct ValidateConfigResponse {
  tfplugin::Diagnostics diagnostics;
};

class ResourceWithValidateConfig {
 public:
  virtual ~ResourceWithValidateConfig() = default;
  virtual void ValidateConfig(const Context& ctx, const ValidateConfigRequest& req,
                              ValidateConfigResponse& resp) = 0;
};

// ---- ImportState --------------------------------------------------------

struct ImportStateRequest {
  std::string id;
};
struct ImportStateResponse {
  cty::Value state;  // pre-filled with the schema's empty value (all null)
  PrivateState private_state;
  tfplugin::Diagnostics diagnostics;
};

class ResourceWithImportState {
 public:
  virtual ~ResourceWithImportState() = default;
  // The framework calls Read on the result next (via OpenTofu), so setting
  // the identifying attributes is enough.
  virtual void ImportState(const Context& ctx, const ImportStateRequest& req,
                           ImportStateResponse& resp) = 0;
};

// Sets the top-level string attribute `attribute` of resp.state to req.id
// (adds an error if the schema has no such string attribute).
void ImportStatePassthroughID(const ImportStateRequest& req, ImportStateResponse& resp,
                              std::string_view attribute = "id");

// ---- UpgradeState -------------------------------------------------------

struct UpgradeStateRequest {
  int64_t version = 0;   // the version the raw state was written with
  std::string raw_json;  // cty JSON of the stored object
  // raw_json decoded with StateUpgrader::prior_schema (unknown attributes
  // ignored); null when no prior schema was given.
  cty::Value prior_state;
};
struct UpgradeStateResponse {
  // Either `state` (of the target version's type) or `json` (cty JSON of
  // the target version's object) must be set.
  cty::Value state;
  std::string json;
  tfplugin::Diagnostics diagnostics;
};

struct StateUpgrader {
  // The schema of the version this upgrader reads; optional.
  std::optional<Block> prior_schema;
  // The version the result has; -1 means the current schema version. A
  // result below the current version is upgraded again by the upgrader of
  // that version (a chain).
  int64_t to_version = -1;
  std::function<void(const Context&, const UpgradeStateRequest&, UpgradeStateResponse&)> upgrade;
};

class ResourceWithUpgradeState {
 public:
  virtual ~ResourceWithUpgradeState() = default;
  // Keyed by the prior version each upgrader reads.
  virtual std::map<int64_t, StateUpgrader> StateUpgraders() = 0;
};

// ---- ModifyPlan ---------------------------------------------------------

struct ModifyPlanRequest {
  cty::Value config;  // null on destroy
  cty::Value state;   // null on create
  cty::Value plan;    // null on destroy
  PrivateState private_state;
};
struct ModifyPlanResponse {
  cty::Value plan;  // pre-filled with the framework's plan
  std::vector<cty::Path> requires_replace;
  PrivateState private_state;
  tfplugin::Diagnostics diagnostics;
};

class ResourceWithModifyPlan {
 public:
  virtual ~ResourceWithModifyPlan() = default;
  // Runs after defaults, unknown-marking and attribute plan modifiers, also
  // for destroy (plan null; changing it is an error). May only change
  // computed values.
  virtual void ModifyPlan(const Context& ctx, const ModifyPlanRequest& req,
                          ModifyPlanResponse& resp) = 0;
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_RESOURCE_H_
