// The tfplugin5.Provider service: one thin handler per RPC, under the
// protocol 5 method names (GetSchema, PrepareProviderConfig, ...). Each binds the
// protocol 5 message types to the shared pipeline in handlers.h inside the
// Serve() boundary. RPCs without a Provider API counterpart (ephemeral
// resources, list resources, actions, GenerateResourceConfig, CallFunction,
// UpgradeResourceIdentity) are not overridden: the generated base class
// answers UNIMPLEMENTED. The Provisioner service is not served at all.
#include <memory>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "handlers.h"
#include "provider_host.h"
#include "services.h"
#include "tfplugin5.grpc.pb.h"

namespace tfplugin::internal {

namespace {

namespace pb = ::tfplugin5;
using handlers::Call;
using handlers::Serve;

// GetSchema is served as a raw callback method: the response is the host's
// pre-serialized message, handed to gRPC without copying or re-serializing.
using Base = pb::Provider::WithRawCallbackMethod_GetSchema<pb::Provider::Service>;

class V5Service final : public Base {
 public:
  explicit V5Service(std::shared_ptr<ProviderHost> host) : host_(std::move(host)) {}
  using Base::GetSchema;

  grpc::Status GetMetadata(grpc::ServerContext*, const pb::ProviderMetadata::Request*,
                           pb::ProviderMetadata::Response* resp) override {
    return Serve(Call{"GetMetadata", ""}, resp, [&] { *resp = host_->v5_metadata_response(); });
  }

  // The response carries an error diagnostic if the schema needs protocol 6.
  grpc::ServerUnaryReactor* GetSchema(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer*,
                                      grpc::ByteBuffer* resp) override {
    handlers::ServePrebuilt(Call{"GetSchema", ""}, host_->v5_schema_response(), schema_, resp);
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  // prepared_config is never set: clients ignore it, and Terraform 0.12
  // decodes it when present.
  grpc::Status PrepareProviderConfig(grpc::ServerContext*,
                                     const pb::PrepareProviderConfig::Request* req,
                                     pb::PrepareProviderConfig::Response* resp) override {
    return Serve(Call{"PrepareProviderConfig", ""}, resp,
                 [&] { handlers::ValidateProviderConfig(*host_, *req, resp); });
  }

  grpc::Status ValidateResourceTypeConfig(grpc::ServerContext*,
                                          const pb::ValidateResourceTypeConfig::Request* req,
                                          pb::ValidateResourceTypeConfig::Response* resp) override {
    return Serve(Call{"ValidateResourceTypeConfig", req->type_name()}, resp,
                 [&] { handlers::ValidateResourceConfig(*host_, *req, resp); });
  }

  grpc::Status ValidateDataSourceConfig(grpc::ServerContext*,
                                        const pb::ValidateDataSourceConfig::Request* req,
                                        pb::ValidateDataSourceConfig::Response* resp) override {
    return Serve(Call{"ValidateDataSourceConfig", req->type_name()}, resp,
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

  grpc::Status Configure(grpc::ServerContext*, const pb::Configure::Request* req,
                         pb::Configure::Response* resp) override {
    return Serve(Call{"Configure", ""}, resp,
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

  grpc::Status Stop(grpc::ServerContext*, const pb::Stop::Request*,
                    pb::Stop::Response* resp) override {
    return handlers::Stop(*host_, "Stop", resp);
  }

 private:
  std::shared_ptr<ProviderHost> host_;
  handlers::PrebuiltResponse schema_{&host_->v5_schema_bytes()};
};

}  // namespace

std::unique_ptr<grpc::Service> NewV5Service(std::shared_ptr<ProviderHost> host) {
  return std::make_unique<V5Service>(std::move(host));
}

}  // namespace tfplugin::internal
