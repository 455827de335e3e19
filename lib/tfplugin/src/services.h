// Factories for the gRPC services that expose a tfplugin::Provider over
// protocol 5 (tfplugin5.Provider) and protocol 6 (tfplugin6.Provider).
//
// Usage (serve.cc):
//   auto host = tfplugin::internal::NewProviderHost(provider);
//   auto v6 = tfplugin::internal::NewV6Service(host);
//   builder.RegisterService(v6.get());   // keep `v6` alive while serving
//
// NewProviderHost calls Provider::GetProviderSchema exactly once and caches
// the schemas, their implied cty types and the pre-built GetProviderSchema
// responses of both protocols; it never fails (schema problems are reported
// as diagnostics in the GetProviderSchema responses). Both services may share
// one host. Every handler answers with grpc::Status::OK and diagnostics;
// RPCs the Provider API has no method for answer UNIMPLEMENTED.
//
// Thread safety: the host and the services are safe for concurrent RPCs; the
// Provider's own methods must be thread-safe (see tfplugin/provider.h).
#ifndef EDP_TFPLUGIN_SRC_SERVICES_H_
#define EDP_TFPLUGIN_SRC_SERVICES_H_

#include <memory>

#include <grpcpp/impl/service_type.h>

namespace tfplugin {

class Provider;

namespace internal {

class ProviderHost;

// REQUIRES: provider != nullptr.
std::shared_ptr<ProviderHost> NewProviderHost(std::shared_ptr<Provider> provider);

// The tfplugin6.Provider service (protocol 6). REQUIRES: host != nullptr.
std::unique_ptr<grpc::Service> NewV6Service(std::shared_ptr<ProviderHost> host);

// The tfplugin5.Provider service (protocol 5). REQUIRES: host != nullptr.
// If the provider's schema uses protocol-6-only features (nested attribute
// types) the GetSchema response carries an error diagnostic.
std::unique_ptr<grpc::Service> NewV5Service(std::shared_ptr<ProviderHost> host);

}  // namespace internal
}  // namespace tfplugin

#endif  // EDP_TFPLUGIN_SRC_SERVICES_H_
