// The tfplugin6.Provider service: one thin handler per RPC. Each binds the
// protocol 6 message types to the shared pipeline in handlers.h inside the
// Serve() boundary. RPCs without a Provider API counterpart (ephemeral
// resources, list resources, actions, state stores, GenerateResourceConfig,
// CallFunction, UpgradeResourceIdentity) are not overridden: the generated
// base class answers UNIMPLEMENTED.
#include <memory>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "handlers.h"
#include "provider_host.h"
#include "services.h"
#include "tfplugin6.grpc.pb.h"

namespace tfplugin::internal {

namespace {

namespace pb = ::tfplugin6;
using handlers::Call;
using handlers::Serve;

// GetProviderSchema is served as a raw callback method: the response is the
// host's pre-serialized message, handed to gRPC without copying or
// re-serializing it.
using Base = pb::Provider::WithRawCallbackMethod_GetProviderSchema<pb::Provider::Service>;

class V6Service final : public Base {
 public:
  explicit V6Service(std::shared_ptr<ProviderHost> host) : host_(std::move(host)) {}
  using Base::GetProviderSchema;

  grpc::Status GetMetadata(grpc::ServerContext*, const pb::ProviderMetadata::Request*,
                           pb::ProviderMetadata::Response* resp) override {
    return Serve(Call{"GetMetadata", ""}, resp, [&] { *resp = host_->v6_metadata_response(); });
  }

  grpc::ServerUnaryReactor* GetProviderSchema(grpc::CallbackServerContext* ctx,
                                              const grpc::ByteBuffer*,
                                              grpc::ByteBuffer* resp) override {
    handlers::ServePrebuilt(Call{"GetProviderSchema", ""}, host_->v6_schema_response(), schema_,
                            resp);
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::Status ValidateProviderConfig(grpc::ServerContext*,
                                      const pb::ValidateProviderConfig::Request* req,
                                      pb::ValidateProviderConfig::Response* resp) override {
    return Serve(Call{"ValidateProviderConfig", ""}, resp,
                 [&] { handlers::ValidateProviderConfig(*host_, *req, resp); });
  }

  grpc::Status ValidateResourceConfig(grpc::ServerContext*,
                                      const pb::ValidateResourceConfig::Request* req,
                                      pb::ValidateResourceConfig::Response* resp) override {
    return Serve(Call{"ValidateResourceConfig", req->type_name()}, resp,
                 [&] { handlers::ValidateResourceConfig(*host_, *req, resp); });
  }

  grpc::Status ValidateDataResourceConfig(grpc::ServerContext*,
                                          const pb::ValidateDataResourceConfig::Request* req,
                                          pb::ValidateDataResourceConfig::Response* resp) override {
    return Serve(Call{"ValidateDataResourceConfig", req->type_name()}, resp,
                 [&] { handlers::ValidateDataResourceConfig(*host_, *req, resp); });
  }

  grpc::Status UpgradeResourceState(grpc::ServerContext*,
                                    const pb::UpgradeResourceState::Request* req,
                                    pb::UpgradeResourceState::Response* resp) override {
    return Serve(Call{"UpgradeResourceState", req->type_name()}, resp,
                 [&] { handlers::UpgradeResourceState(*host_, *req, resp); });
  }

  // No resource identities: an empty map (clients treat it as "none").
  grpc::Status GetResourceIdentitySchemas(grpc::ServerContext*,
                                          const pb::GetResourceIdentitySchemas::Request*,
                                          pb::GetResourceIdentitySchemas::Response* resp) override {
    return Serve(Call{"GetResourceIdentitySchemas", ""}, resp, [] {});
  }

  grpc::Status ConfigureProvider(grpc::ServerContext*, const pb::ConfigureProvider::Request* req,
                                 pb::ConfigureProvider::Response* resp) override {
    return Serve(Call{"ConfigureProvider", ""}, resp,
                 [&] { handlers::ConfigureProvider(*host_, *req, resp); });
  }

  grpc::Status ReadResource(grpc::ServerContext*, const pb::ReadResource::Request* req,
                            pb::ReadResource::Response* resp) override {
    return Serve(Call{"ReadResource", req->type_name()}, resp,
                 [&] { handlers::ReadResource(*host_, *req, resp); });
  }

  grpc::Status PlanResourceChange(grpc::ServerContext*, const pb::PlanResourceChange::Request* req,
                                  pb::PlanResourceChange::Response* resp) override {
    return Serve(Call{"PlanResourceChange", req->type_name()}, resp,
                 [&] { handlers::PlanResourceChange(*host_, *req, resp); });
  }

  grpc::Status ApplyResourceChange(grpc::ServerContext*,
                                   const pb::ApplyResourceChange::Request* req,
                                   pb::ApplyResourceChange::Response* resp) override {
    return Serve(Call{"ApplyResourceChange", req->type_name()}, resp,
                 [&] { handlers::ApplyResourceChange(*host_, *req, resp); });
  }

  grpc::Status ImportResourceState(grpc::ServerContext*,
                                   const pb::ImportResourceState::Request* req,
                                   pb::ImportResourceState::Response* resp) override {
    return Serve(Call{"ImportResourceState", req->type_name()}, resp,
                 [&] { handlers::ImportResourceState(*host_, *req, resp); });
  }

  grpc::Status MoveResourceState(grpc::ServerContext*, const pb::MoveResourceState::Request* req,
                                 pb::MoveResourceState::Response* resp) override {
    return Serve(Call{"MoveResourceState", req->target_type_name()}, resp,
                 [&] { handlers::MoveResourceState(*req, resp); });
  }

  grpc::Status ReadDataSource(grpc::ServerContext*, const pb::ReadDataSource::Request* req,
                              pb::ReadDataSource::Response* resp) override {
    return Serve(Call{"ReadDataSource", req->type_name()}, resp,
                 [&] { handlers::ReadDataSource(*host_, *req, resp); });
  }

  // No provider functions: an empty map.
  grpc::Status GetFunctions(grpc::ServerContext*, const pb::GetFunctions::Request*,
                            pb::GetFunctions::Response* resp) override {
    return Serve(Call{"GetFunctions", ""}, resp, [] {});
  }

  grpc::Status StopProvider(grpc::ServerContext*, const pb::StopProvider::Request*,
                            pb::StopProvider::Response* resp) override {
    return handlers::Stop(*host_, "StopProvider", resp);
  }

 private:
  std::shared_ptr<ProviderHost> host_;
  handlers::PrebuiltResponse schema_{&host_->v6_schema_bytes()};
};

}  // namespace

std::unique_ptr<grpc::Service> NewV6Service(std::shared_ptr<ProviderHost> host) {
  return std::make_unique<V6Service>(std::move(host));
}

}  // namespace tfplugin::internal
