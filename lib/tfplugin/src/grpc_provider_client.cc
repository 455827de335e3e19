// GrpcProviderClient (see tfplugin/grpc_provider_client.h): one class
// template over a per-protocol traits struct that names the stub, the
// message types and the protocol's method names; the conversions are the
// shared from_proto/to_proto templates.
#include "tfplugin/grpc_provider_client.h"

#include <string>
#include <string_view>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "from_proto.h"
#include "provider_host.h"
#include "tfplugin5.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"
#include "to_proto.h"

namespace tfplugin {

namespace {

using internal::SchemaEntry;
using internal::SchemaIndex;
namespace from_proto = internal::from_proto;
namespace to_proto = internal::to_proto;

// Go's codes.Code.String(), as Terraform prints it in "rpc error: code = X".
const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "Canceled";
    case grpc::StatusCode::UNKNOWN: return "Unknown";
    case grpc::StatusCode::INVALID_ARGUMENT: return "InvalidArgument";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DeadlineExceeded";
    case grpc::StatusCode::NOT_FOUND: return "NotFound";
    case grpc::StatusCode::ALREADY_EXISTS: return "AlreadyExists";
    case grpc::StatusCode::PERMISSION_DENIED: return "PermissionDenied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "ResourceExhausted";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FailedPrecondition";
    case grpc::StatusCode::ABORTED: return "Aborted";
    case grpc::StatusCode::OUT_OF_RANGE: return "OutOfRange";
    case grpc::StatusCode::UNIMPLEMENTED: return "Unimplemented";
    case grpc::StatusCode::INTERNAL: return "Internal";
    case grpc::StatusCode::UNAVAILABLE: return "Unavailable";
    case grpc::StatusCode::DATA_LOSS: return "DataLoss";
    case grpc::StatusCode::UNAUTHENTICATED: return "Unauthenticated";
    default: return "Unknown";
  }
}

// A diagnostic for a failed gRPC call, worded as Terraform's grpcErr does.
Diagnostic StatusDiagnostic(std::string_view method, const grpc::Status& st) {
  Diagnostic d;
  d.severity = Severity::kError;
  switch (st.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      d.summary = "Plugin did not respond";
      d.detail = "The plugin encountered an error, and failed to respond to the " +
                 std::string(method) +
                 " call. The plugin logs may contain more details. (" + st.error_message() + ")";
      break;
    case grpc::StatusCode::CANCELLED:
      d.summary = "Request Cancelled";
      d.detail = "The " + std::string(method) + " request was cancelled.";
      break;
    case grpc::StatusCode::UNIMPLEMENTED:
      d.summary = "Unsupported Plugin Method";
      d.detail = "The " + std::string(method) + " method is not supported by this plugin.";
      break;
    default:
      d.summary = "Plugin error";
      d.detail = "The plugin returned an unexpected error from " + std::string(method) +
                 ": rpc error: code = " + CodeName(st.error_code()) +
                 " desc = " + st.error_message();
      break;
  }
  return d;
}

struct V6 {
  using Service = ::tfplugin6::Provider;
  using Stub = Service::Stub;
  using GetSchema = ::tfplugin6::GetProviderSchema;
  using ValidateProviderConfig = ::tfplugin6::ValidateProviderConfig;
  using ValidateResourceConfig = ::tfplugin6::ValidateResourceConfig;
  using ValidateDataResourceConfig = ::tfplugin6::ValidateDataResourceConfig;
  using UpgradeResourceState = ::tfplugin6::UpgradeResourceState;
  using ConfigureProvider = ::tfplugin6::ConfigureProvider;
  using ReadResource = ::tfplugin6::ReadResource;
  using PlanResourceChange = ::tfplugin6::PlanResourceChange;
  using ApplyResourceChange = ::tfplugin6::ApplyResourceChange;
  using ImportResourceState = ::tfplugin6::ImportResourceState;
  using ReadDataSource = ::tfplugin6::ReadDataSource;
  using Stop = ::tfplugin6::StopProvider;

  static constexpr auto kGetSchema = &Stub::GetProviderSchema;
  static constexpr auto kValidateProviderConfig = &Stub::ValidateProviderConfig;
  static constexpr auto kValidateResourceConfig = &Stub::ValidateResourceConfig;
  static constexpr auto kValidateDataResourceConfig = &Stub::ValidateDataResourceConfig;
  static constexpr auto kConfigureProvider = &Stub::ConfigureProvider;
  static constexpr auto kStop = &Stub::StopProvider;
  static constexpr std::string_view kGetSchemaName = "GetProviderSchema";
  static constexpr std::string_view kValidateProviderConfigName = "ValidateProviderConfig";
  static constexpr std::string_view kValidateResourceConfigName = "ValidateResourceConfig";
  static constexpr std::string_view kValidateDataResourceConfigName = "ValidateDataResourceConfig";
  static constexpr std::string_view kConfigureProviderName = "ConfigureProvider";
  static constexpr std::string_view kStopName = "StopProvider";
};

struct V5 {
  using Service = ::tfplugin5::Provider;
  using Stub = Service::Stub;
  using GetSchema = ::tfplugin5::GetProviderSchema;
  using ValidateProviderConfig = ::tfplugin5::PrepareProviderConfig;
  using ValidateResourceConfig = ::tfplugin5::ValidateResourceTypeConfig;
  using ValidateDataResourceConfig = ::tfplugin5::ValidateDataSourceConfig;
  using UpgradeResourceState = ::tfplugin5::UpgradeResourceState;
  using ConfigureProvider = ::tfplugin5::Configure;
  using ReadResource = ::tfplugin5::ReadResource;
  using PlanResourceChange = ::tfplugin5::PlanResourceChange;
  using ApplyResourceChange = ::tfplugin5::ApplyResourceChange;
  using ImportResourceState = ::tfplugin5::ImportResourceState;
  using ReadDataSource = ::tfplugin5::ReadDataSource;
  using Stop = ::tfplugin5::Stop;

  static constexpr auto kGetSchema = &Stub::GetSchema;
  static constexpr auto kValidateProviderConfig = &Stub::PrepareProviderConfig;
  static constexpr auto kValidateResourceConfig = &Stub::ValidateResourceTypeConfig;
  static constexpr auto kValidateDataResourceConfig = &Stub::ValidateDataSourceConfig;
  static constexpr auto kConfigureProvider = &Stub::Configure;
  static constexpr auto kStop = &Stub::Stop;
  static constexpr std::string_view kGetSchemaName = "GetSchema";
  static constexpr std::string_view kValidateProviderConfigName = "PrepareProviderConfig";
  static constexpr std::string_view kValidateResourceConfigName = "ValidateResourceTypeConfig";
  static constexpr std::string_view kValidateDataResourceConfigName = "ValidateDataSourceConfig";
  static constexpr std::string_view kConfigureProviderName = "Configure";
  static constexpr std::string_view kStopName = "Stop";
};

template <class P>
class GrpcProviderClient final : public Provider {
 public:
  explicit GrpcProviderClient(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(P::Service::NewStub(channel)) {}

  // Fetches and indexes the schema. False if it can't be used.
  bool Init(Diagnostics* diags) {
    typename P::GetSchema::Request req;
    typename P::GetSchema::Response resp;
    if (!Invoke(P::kGetSchemaName, P::kGetSchema, req, &resp, diags)) return false;
    GetProviderSchemaResponse& s = schema_;
    from_proto::ConvertDiagnostics(resp.diagnostics(), &s.diagnostics);
    from_proto::ConvertSchema(resp.provider(), "the provider configuration", &s.provider,
                              &s.diagnostics);
    if (resp.has_provider_meta()) {
      Schema meta;
      from_proto::ConvertSchema(resp.provider_meta(), "the provider_meta block", &meta,
                                &s.diagnostics);
      s.provider_meta = std::move(meta);
    }
    for (const auto& [name, schema] : resp.resource_schemas()) {
      from_proto::ConvertSchema(schema, "resource type \"" + name + "\"",
                                &s.resource_schemas[name], &s.diagnostics);
    }
    for (const auto& [name, schema] : resp.data_source_schemas()) {
      from_proto::ConvertSchema(schema, "data source type \"" + name + "\"",
                                &s.data_source_schemas[name], &s.diagnostics);
    }
    const auto& caps = resp.server_capabilities();
    s.capabilities.plan_destroy = caps.plan_destroy();
    s.capabilities.get_provider_schema_optional = caps.get_provider_schema_optional();
    s.capabilities.move_resource_state = caps.move_resource_state();
    diags->Append(s.diagnostics);
    if (s.diagnostics.HasError()) return false;
    index_ = SchemaIndex(s);
    return true;
  }

  GetProviderSchemaResponse GetProviderSchema() override { return schema_; }

  void ValidateProviderConfig(const ValidateProviderConfigRequest& req,
                              ValidateProviderConfigResponse& resp) override {
    typename P::ValidateProviderConfig::Request preq;
    typename P::ValidateProviderConfig::Response presp;
    if (!to_proto::ValidateProviderConfig(index_.provider_config(), req, &preq,
                                          &resp.diagnostics)) {
      return;
    }
    if (!Invoke(P::kValidateProviderConfigName, P::kValidateProviderConfig, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::ConvertDiagnostics(presp.diagnostics(), &resp.diagnostics);
  }

  void ValidateResourceConfig(const ValidateResourceConfigRequest& req,
                              ValidateResourceConfigResponse& resp) override {
    const SchemaEntry* entry = index_.Resource(req.type_name, &resp.diagnostics);
    typename P::ValidateResourceConfig::Request preq;
    typename P::ValidateResourceConfig::Response presp;
    if (!entry || !to_proto::ValidateResourceConfig(*entry, req, &preq, &resp.diagnostics)) return;
    if (!Invoke(P::kValidateResourceConfigName, P::kValidateResourceConfig, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::ConvertDiagnostics(presp.diagnostics(), &resp.diagnostics);
  }

  void ValidateDataResourceConfig(const ValidateDataResourceConfigRequest& req,
                                  ValidateDataResourceConfigResponse& resp) override {
    const SchemaEntry* entry = index_.DataSource(req.type_name, &resp.diagnostics);
    typename P::ValidateDataResourceConfig::Request preq;
    typename P::ValidateDataResourceConfig::Response presp;
    if (!entry || !to_proto::ValidateDataResourceConfig(*entry, req, &preq, &resp.diagnostics)) {
      return;
    }
    if (!Invoke(P::kValidateDataResourceConfigName, P::kValidateDataResourceConfig, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::ConvertDiagnostics(presp.diagnostics(), &resp.diagnostics);
  }

  void UpgradeResourceState(const UpgradeResourceStateRequest& req,
                            UpgradeResourceStateResponse& resp) override {
    const SchemaEntry* entry = index_.Resource(req.type_name, &resp.diagnostics);
    typename P::UpgradeResourceState::Request preq;
    typename P::UpgradeResourceState::Response presp;
    if (!entry || !to_proto::UpgradeResourceState(req, &preq)) return;
    if (!Invoke("UpgradeResourceState", &P::Stub::UpgradeResourceState, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::UpgradeResourceState(*entry, presp, &resp);
  }

  void ConfigureProvider(const ConfigureProviderRequest& req,
                         ConfigureProviderResponse& resp) override {
    typename P::ConfigureProvider::Request preq;
    typename P::ConfigureProvider::Response presp;
    if (!to_proto::ConfigureProvider(index_.provider_config(), req, &preq, &resp.diagnostics)) {
      return;
    }
    if (!Invoke(P::kConfigureProviderName, P::kConfigureProvider, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::ConvertDiagnostics(presp.diagnostics(), &resp.diagnostics);
  }

  void ReadResource(const ReadResourceRequest& req, ReadResourceResponse& resp) override {
    const SchemaEntry* entry = index_.Resource(req.type_name, &resp.diagnostics);
    typename P::ReadResource::Request preq;
    typename P::ReadResource::Response presp;
    if (!entry ||
        !to_proto::ReadResource(*entry, index_.provider_meta(), req, &preq, &resp.diagnostics)) {
      return;
    }
    if (!Invoke("ReadResource", &P::Stub::ReadResource, preq, &presp, &resp.diagnostics)) return;
    from_proto::ReadResource(*entry, presp, &resp);
  }

  void PlanResourceChange(const PlanResourceChangeRequest& req,
                          PlanResourceChangeResponse& resp) override {
    const SchemaEntry* entry = index_.Resource(req.type_name, &resp.diagnostics);
    typename P::PlanResourceChange::Request preq;
    typename P::PlanResourceChange::Response presp;
    if (!entry || !to_proto::PlanResourceChange(*entry, index_.provider_meta(), req, &preq,
                                                &resp.diagnostics)) {
      return;
    }
    if (!Invoke("PlanResourceChange", &P::Stub::PlanResourceChange, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::PlanResourceChange(*entry, presp, &resp);
  }

  void ApplyResourceChange(const ApplyResourceChangeRequest& req,
                           ApplyResourceChangeResponse& resp) override {
    const SchemaEntry* entry = index_.Resource(req.type_name, &resp.diagnostics);
    typename P::ApplyResourceChange::Request preq;
    typename P::ApplyResourceChange::Response presp;
    if (!entry || !to_proto::ApplyResourceChange(*entry, index_.provider_meta(), req, &preq,
                                                 &resp.diagnostics)) {
      return;
    }
    if (!Invoke("ApplyResourceChange", &P::Stub::ApplyResourceChange, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::ApplyResourceChange(*entry, presp, &resp);
  }

  void ImportResourceState(const ImportResourceStateRequest& req,
                           ImportResourceStateResponse& resp) override {
    const SchemaEntry* entry = index_.Resource(req.type_name, &resp.diagnostics);
    typename P::ImportResourceState::Request preq;
    typename P::ImportResourceState::Response presp;
    if (!entry || !to_proto::ImportResourceState(req, &preq)) return;
    if (!Invoke("ImportResourceState", &P::Stub::ImportResourceState, preq, &presp,
                &resp.diagnostics)) {
      return;
    }
    from_proto::ConvertDiagnostics(presp.diagnostics(), &resp.diagnostics);
    for (const auto& r : presp.imported_resources()) {
      const SchemaEntry* imported = index_.Resource(r.type_name(), &resp.diagnostics);
      if (imported == nullptr) continue;
      ImportedResource out;
      out.type_name = r.type_name();
      out.private_data = r.private_();
      if (!from_proto::ConvertValue(from_proto::Present(r.has_state(), r.state()), imported->type,
                                    "imported_resources.state",
                                    from_proto::Describe(*imported, "resource"),
                                    from_proto::Origin::kPluginResponse, &out.state,
                                    &resp.diagnostics)) {
        continue;
      }
      resp.imported_resources.push_back(std::move(out));
    }
  }

  void ReadDataSource(const ReadDataSourceRequest& req, ReadDataSourceResponse& resp) override {
    const SchemaEntry* entry = index_.DataSource(req.type_name, &resp.diagnostics);
    typename P::ReadDataSource::Request preq;
    typename P::ReadDataSource::Response presp;
    if (!entry ||
        !to_proto::ReadDataSource(*entry, index_.provider_meta(), req, &preq, &resp.diagnostics)) {
      return;
    }
    if (!Invoke("ReadDataSource", &P::Stub::ReadDataSource, preq, &presp, &resp.diagnostics)) {
      return;
    }
    from_proto::ReadDataSource(*entry, presp, &resp);
  }

  std::string StopProvider() override {
    typename P::Stop::Request req;
    typename P::Stop::Response resp;
    Diagnostics diags;
    if (!Invoke(P::kStopName, P::kStop, req, &resp, &diags)) {
      return diags[0].summary + ": " + diags[0].detail;
    }
    return resp.error();
  }

 private:
  template <class Req, class Resp>
  bool Invoke(std::string_view method,
              grpc::Status (P::Stub::*fn)(grpc::ClientContext*, const Req&, Resp*),
              const Req& req, Resp* resp, Diagnostics* diags) {
    grpc::ClientContext ctx;
    const grpc::Status st = ((*stub_).*fn)(&ctx, req, resp);
    if (st.ok()) return true;
    diags->Add(StatusDiagnostic(method, st));
    return false;
  }

  std::unique_ptr<typename P::Stub> stub_;
  GetProviderSchemaResponse schema_;
  SchemaIndex index_;
};

template <class P>
std::unique_ptr<Provider> MakeClient(const std::shared_ptr<grpc::Channel>& channel,
                                     Diagnostics* diags) {
  auto client = std::make_unique<GrpcProviderClient<P>>(channel);
  if (!client->Init(diags)) return nullptr;
  return client;
}

}  // namespace

std::unique_ptr<Provider> NewGrpcProviderClient(std::shared_ptr<grpc::Channel> channel,
                                                int protocol_version, Diagnostics* diags) {
  switch (protocol_version) {
    case 5: return MakeClient<V5>(channel, diags);
    case 6: return MakeClient<V6>(channel, diags);
    default:
      diags->AddError("Unsupported Plugin Protocol",
                      "Plugin protocol version " + std::to_string(protocol_version) +
                          " is not supported; this client speaks protocol 5 and 6.");
      return nullptr;
  }
}

}  // namespace tfplugin
