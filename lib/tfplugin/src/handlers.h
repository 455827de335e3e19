// handlers: the body of every provider RPC, written once for protocol 5 and
// protocol 6 (templates over the generated request/response types).
//
// Each handler is the same pipeline:
//   look up the type name (ProviderHost) -> from_proto (decode request)
//   -> Provider method (protocol-neutral) -> to_proto (encode response)
// and collects every problem as a diagnostic: an unknown type or an
// undecodable value stops before the provider is called; an invalid value
// from the provider becomes "Provider Produced Invalid Value".
// Serve() is the boundary wrapped around each handler by v5_server.cc and
// v6_server.cc: it logs the call (tf_rpc, tf_resource_type; never values),
// turns any exception into a "Provider Internal Error" diagnostic and always
// returns grpc::Status::OK.
//
// Thread safety: handlers only read the host; safe to run concurrently.
#ifndef EDP_TFPLUGIN_SRC_HANDLERS_H_
#define EDP_TFPLUGIN_SRC_HANDLERS_H_

#include <exception>
#include <mutex>
#include <string>
#include <string_view>

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/status.h>

#include "from_proto.h"
#include "provider_host.h"
#include "tfplugin/diagnostics.h"
#include "tfplugin/provider.h"
#include "to_proto.h"

namespace tfplugin::internal::handlers {

// What is being served, for logs and internal-error messages.
struct Call {
  std::string_view rpc;        // protocol method name, e.g. "PlanResourceChange"
  std::string_view type_name;  // resource/data source type, or ""
};

// Logging (handlers.cc). Each checks the log level first, so a disabled
// level costs one comparison.
void LogReceived(const Call& call);
void LogServed(const Call& call, int errors, int warnings);
void LogException(const Call& call);
// "The provider raised an unexpected error while handling X: what. ..."
std::string InternalErrorDetail(const Call& call, const char* what);

template <class Resp>
void FailWithException(const Call& call, Resp* resp, const char* what) noexcept {
  try {
    resp->Clear();
    Diagnostics diags;
    diags.AddError("Provider Internal Error", InternalErrorDetail(call, what));
    to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
    LogException(call);
  } catch (...) {
    // Out of memory while reporting: the cleared response is still valid.
  }
}

template <class Resp>
void LogServedResponse(const Call& call, const Resp& resp) {
  int errors = 0;
  int warnings = 0;
  for (const auto& d : resp.diagnostics()) {
    using PD = std::decay_t<decltype(d)>;
    if (d.severity() == PD::WARNING) {
      ++warnings;
    } else {
      ++errors;
    }
  }
  LogServed(call, errors, warnings);
}

// Runs `fn` (which fills *resp) at the RPC boundary. Never throws.
template <class Resp, class Fn>
grpc::Status Serve(const Call& call, Resp* resp, Fn&& fn) noexcept {
  try {
    LogReceived(call);
    fn();
    LogServedResponse(call, *resp);
  } catch (const std::exception& e) {
    FailWithException(call, resp, e.what());
  } catch (...) {
    FailWithException(call, resp, nullptr);
  }
  return grpc::Status::OK;
}

// A response serialized once and shared by every call: copying the gRPC
// buffer only takes references to its slices, so serving it costs
// microseconds whatever its size. The buffer is built on first use (gRPC is
// initialised by then). `bytes` must outlive this object.
class PrebuiltResponse {
 public:
  explicit PrebuiltResponse(const std::string* bytes) : bytes_(bytes) {}
  PrebuiltResponse(const PrebuiltResponse&) = delete;
  PrebuiltResponse& operator=(const PrebuiltResponse&) = delete;

  // Thread-safe.
  void CopyTo(grpc::ByteBuffer* out) const;

 private:
  const std::string* bytes_;
  mutable std::once_flag once_;
  mutable grpc::ByteBuffer buffer_;
};

// Serves a pre-serialized response (`message` is its parsed form, used
// for the log line). Never throws.
template <class Resp>
void ServePrebuilt(const Call& call, const Resp& message, const PrebuiltResponse& bytes,
                   grpc::ByteBuffer* out) noexcept {
  try {
    LogReceived(call);
    bytes.CopyTo(out);
    LogServedResponse(call, message);
  } catch (...) {
    // Out of memory: the client receives an empty response.
  }
}

// ---------------------------------------------------------------------------
// Per-RPC pipelines

template <class Req, class Resp>
void ValidateProviderConfig(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ValidateProviderConfigRequest in;
  if (from_proto::ValidateProviderConfig(host, req, &in, &diags)) {
    ValidateProviderConfigResponse out;
    host.provider().ValidateProviderConfig(in, out);
    diags.Append(out.diagnostics);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ValidateResourceConfig(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ValidateResourceConfigRequest in;
  const SchemaEntry* entry = host.Resource(req.type_name(), &diags);
  if (entry && from_proto::ValidateResourceConfig(*entry, req, &in, &diags)) {
    ValidateResourceConfigResponse out;
    host.provider().ValidateResourceConfig(in, out);
    diags.Append(out.diagnostics);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ValidateDataResourceConfig(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ValidateDataResourceConfigRequest in;
  const SchemaEntry* entry = host.DataSource(req.type_name(), &diags);
  if (entry && from_proto::ValidateDataResourceConfig(*entry, req, &in, &diags)) {
    ValidateDataResourceConfigResponse out;
    host.provider().ValidateDataResourceConfig(in, out);
    diags.Append(out.diagnostics);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void UpgradeResourceState(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  UpgradeResourceStateRequest in;
  const SchemaEntry* entry = host.Resource(req.type_name(), &diags);
  if (entry && from_proto::UpgradeResourceState(req, &in)) {
    UpgradeResourceStateResponse out;
    host.provider().UpgradeResourceState(in, out);
    diags.Append(out.diagnostics);
    to_proto::UpgradeResourceState(*entry, out, resp, &diags);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ConfigureProvider(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ConfigureProviderRequest in;
  if (from_proto::ConfigureProvider(host, req, &in, &diags)) {
    ConfigureProviderResponse out;
    host.provider().ConfigureProvider(in, out);
    diags.Append(out.diagnostics);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ReadResource(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ReadResourceRequest in;
  const SchemaEntry* entry = host.Resource(req.type_name(), &diags);
  if (entry && from_proto::ReadResource(host, *entry, req, &in, &diags)) {
    ReadResourceResponse out;
    host.provider().ReadResource(in, out);
    diags.Append(out.diagnostics);
    to_proto::ReadResource(*entry, out, resp, &diags);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void PlanResourceChange(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  PlanResourceChangeRequest in;
  const SchemaEntry* entry = host.Resource(req.type_name(), &diags);
  if (entry && from_proto::PlanResourceChange(host, *entry, req, &in, &diags)) {
    PlanResourceChangeResponse out;
    host.provider().PlanResourceChange(in, out);
    diags.Append(out.diagnostics);
    to_proto::PlanResourceChange(*entry, out, resp, &diags);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ApplyResourceChange(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ApplyResourceChangeRequest in;
  const SchemaEntry* entry = host.Resource(req.type_name(), &diags);
  if (entry && from_proto::ApplyResourceChange(host, *entry, req, &in, &diags)) {
    ApplyResourceChangeResponse out;
    host.provider().ApplyResourceChange(in, out);
    diags.Append(out.diagnostics);
    to_proto::ApplyResourceChange(*entry, out, resp, &diags);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ImportResourceState(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ImportResourceStateRequest in;
  const SchemaEntry* entry = host.Resource(req.type_name(), &diags);
  if (entry && from_proto::ImportResourceState(req, &in)) {
    ImportResourceStateResponse out;
    host.provider().ImportResourceState(in, out);
    diags.Append(out.diagnostics);
    to_proto::ImportResourceState(host, req.type_name(), out, resp, &diags);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

template <class Req, class Resp>
void ReadDataSource(const ProviderHost& host, const Req& req, Resp* resp) {
  Diagnostics diags;
  ReadDataSourceRequest in;
  const SchemaEntry* entry = host.DataSource(req.type_name(), &diags);
  if (entry && from_proto::ReadDataSource(host, *entry, req, &in, &diags)) {
    ReadDataSourceResponse out;
    host.provider().ReadDataSource(in, out);
    diags.Append(out.diagnostics);
    to_proto::ReadDataSource(*entry, out, resp, &diags);
  }
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

// The capability is never advertised (ProviderHost), so a well-behaved
// client doesn't call this; answer with a diagnostic rather than a gRPC
// error.
template <class Req, class Resp>
void MoveResourceState(const Req& req, Resp* resp) {
  Diagnostics diags;
  diags.AddError("Move Resource State Not Supported",
                 "This provider does not support moving resource state across resource types "
                 "(from \"" + req.source_type_name() + "\" to \"" + req.target_type_name() +
                     "\"). Move the resource by removing it from the state and importing it "
                     "as the new type instead.");
  to_proto::ConvertDiagnostics(diags, resp->mutable_diagnostics());
}

// Stop/StopProvider: the response has an error string, not diagnostics.
template <class Resp>
grpc::Status Stop(const ProviderHost& host, std::string_view rpc, Resp* resp) noexcept {
  const Call call{rpc, ""};
  try {
    LogReceived(call);
    resp->set_error(host.provider().StopProvider());
    LogServed(call, resp->error().empty() ? 0 : 1, 0);
  } catch (const std::exception& e) {
    try {
      resp->set_error(std::string("provider raised an exception while stopping: ") + e.what());
      LogException(call);
    } catch (...) {
    }
  } catch (...) {
    try {
      resp->set_error("provider raised an exception while stopping");
      LogException(call);
    } catch (...) {
    }
  }
  return grpc::Status::OK;
}

}  // namespace tfplugin::internal::handlers

#endif  // EDP_TFPLUGIN_SRC_HANDLERS_H_
