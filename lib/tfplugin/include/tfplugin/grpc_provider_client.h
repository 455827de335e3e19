// GrpcProviderClient: a tfplugin::Provider that forwards every call to a
// provider plugin over an established gRPC channel (protocol 5 or 6).
//
// This is how tests and, later, our own engine talk to providers: the same
// protocol-neutral API a provider implements, with cty values in and out.
//
//   tfplugin::Diagnostics diags;
//   auto p = tfplugin::NewGrpcProviderClient(channel, 6, &diags);
//   if (!p) { /* diags says why */ }
//   tfplugin::PlanResourceChangeResponse resp;
//   p->PlanResourceChange(req, resp);   // resp.diagnostics holds any problem
//
// Behaviour:
//  * Creation calls GetProviderSchema (v6) / GetSchema (v5) once and caches
//    the schemas and their implied types; GetProviderSchema() returns that
//    cached answer. Request values are encoded as msgpack with those types,
//    response values decoded with them (msgpack, or JSON when msgpack is
//    empty; absent -> null).
//  * Failures never throw; they become error diagnostics in the response:
//    gRPC UNAVAILABLE -> "Plugin did not respond", CANCELLED -> "Request
//    Cancelled", UNIMPLEMENTED -> "Unsupported Plugin Method", any other
//    status -> "Plugin error"; a type name the schema doesn't have ->
//    "Unknown Resource Type"; a request value that doesn't match the schema
//    -> "Invalid Request Value" (nothing is sent); a response value that
//    doesn't -> "Invalid Plugin Response".
//  * StopProvider() returns the plugin's error text, or a description of the
//    gRPC failure.
//
// The channel is the caller's: create it with a max receive message size
// large enough for the provider's schema (gRPC's default is 4 MiB; tofu
// allows 64 MiB per call, see handshake.md §8).
//
// For hand-crafted wire messages, use the generated stubs directly
// (tfplugin6::Provider::NewStub(channel), headers "tfplugin6.grpc.pb.h" and
// "tfplugin5.grpc.pb.h" from the edp_proto library).
//
// Thread safety: the returned client is safe for concurrent calls (gRPC
// stubs are thread-safe; the cached schema is immutable).
#ifndef EDP_TFPLUGIN_GRPC_PROVIDER_CLIENT_H_
#define EDP_TFPLUGIN_GRPC_PROVIDER_CLIENT_H_

#include <memory>

#include "tfplugin/diagnostics.h"
#include "tfplugin/provider.h"

namespace grpc {
class Channel;
}  // namespace grpc

namespace tfplugin {

// Returns a client for `protocol_version` 5 or 6, or nullptr after adding
// error diagnostics to *diags when the version is unsupported, the schema
// call fails, or the schema response carries errors (its diagnostics are
// appended to *diags either way). Warnings don't prevent creation.
// REQUIRES: channel != nullptr, diags != nullptr.
std::unique_ptr<Provider> NewGrpcProviderClient(std::shared_ptr<grpc::Channel> channel,
                                                int protocol_version, Diagnostics* diags);

}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_GRPC_PROVIDER_CLIENT_H_
