// Benchmarks of the tfplugin5/6 adapters with a realistic provider schema
// (30 resource types x 30 attributes, plus a nested block each):
//   * GetProviderSchema handler cost (handing out the pre-serialized
//     response), a typed copy of the message for comparison, and the RPC end
//     to end through an in-process gRPC channel (incl. client parsing);
//   * PlanResourceChange handler overhead: decoding three DynamicValues of
//     a 31-attribute object, calling a provider that echoes the proposed
//     state, encoding the planned state and the diagnostics;
//   * host construction (schema conversion for both protocols, once per
//     process).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "cty/msgpack.h"
#include "handlers.h"
#include "provider_host.h"
#include "services.h"
#include "tfplugin/provider.h"
#include "tfplugin6.grpc.pb.h"

namespace {

constexpr int kResources = 30;
constexpr int kAttributes = 30;

tfplugin::Schema ResourceSchema() {
  tfplugin::Schema s;
  for (int i = 0; i < kAttributes; ++i) {
    tfplugin::SchemaAttribute a;
    a.name = "attribute_" + std::to_string(i);
    switch (i % 5) {
      case 0: a.type = cty::Type::String(); a.required = true; break;
      case 1: a.type = cty::Type::Number(); a.optional = true; break;
      case 2: a.type = cty::Type::Bool(); a.optional = true; a.computed = true; break;
      case 3: a.type = cty::Type::Map(cty::Type::String()); a.optional = true; break;
      default: a.type = cty::Type::List(cty::Type::String()); a.computed = true; break;
    }
    a.description = "Description of attribute " + std::to_string(i) + " for the documentation.";
    s.block.attributes.push_back(a);
  }
  auto inner = std::make_shared<tfplugin::SchemaBlock>();
  for (int i = 0; i < 4; ++i) {
    tfplugin::SchemaAttribute a;
    a.name = "field_" + std::to_string(i);
    a.type = cty::Type::String();
    a.optional = true;
    inner->attributes.push_back(a);
  }
  tfplugin::SchemaNestedBlock nb;
  nb.type_name = "settings";
  nb.nesting = tfplugin::NestingMode::kList;
  nb.block = inner;
  s.block.block_types.push_back(nb);
  return s;
}

class BenchProvider final : public tfplugin::Provider {
 public:
  tfplugin::GetProviderSchemaResponse GetProviderSchema() override {
    tfplugin::GetProviderSchemaResponse r;
    r.provider = ResourceSchema();
    for (int i = 0; i < kResources; ++i) {
      r.resource_schemas["bench_resource_" + std::to_string(i)] = ResourceSchema();
      r.data_source_schemas["bench_data_" + std::to_string(i)] = ResourceSchema();
    }
    r.capabilities.plan_destroy = true;
    r.capabilities.get_provider_schema_optional = true;
    return r;
  }
  void ValidateProviderConfig(const tfplugin::ValidateProviderConfigRequest&,
                              tfplugin::ValidateProviderConfigResponse&) override {}
  void ValidateResourceConfig(const tfplugin::ValidateResourceConfigRequest&,
                              tfplugin::ValidateResourceConfigResponse&) override {}
  void ValidateDataResourceConfig(const tfplugin::ValidateDataResourceConfigRequest&,
                                  tfplugin::ValidateDataResourceConfigResponse&) override {}
  void UpgradeResourceState(const tfplugin::UpgradeResourceStateRequest&,
                            tfplugin::UpgradeResourceStateResponse&) override {}
  void ConfigureProvider(const tfplugin::ConfigureProviderRequest&,
                         tfplugin::ConfigureProviderResponse&) override {}
  void ReadResource(const tfplugin::ReadResourceRequest&, tfplugin::ReadResourceResponse&) override {}
  void PlanResourceChange(const tfplugin::PlanResourceChangeRequest& req,
                          tfplugin::PlanResourceChangeResponse& resp) override {
    resp.planned_state = req.proposed_new_state;
    resp.planned_private = req.prior_private;
  }
  void ApplyResourceChange(const tfplugin::ApplyResourceChangeRequest&,
                           tfplugin::ApplyResourceChangeResponse&) override {}
  void ImportResourceState(const tfplugin::ImportResourceStateRequest&,
                           tfplugin::ImportResourceStateResponse&) override {}
  void ReadDataSource(const tfplugin::ReadDataSourceRequest&,
                      tfplugin::ReadDataSourceResponse&) override {}
  std::string StopProvider() override { return ""; }
};

struct Fixture {
  Fixture() {
    host = tfplugin::internal::NewProviderHost(std::make_shared<BenchProvider>());
    owner = tfplugin::internal::NewV6Service(host);
    v6 = static_cast<tfplugin6::Provider::Service*>(owner.get());
  }
  std::shared_ptr<tfplugin::internal::ProviderHost> host;
  std::unique_ptr<grpc::Service> owner;
  tfplugin6::Provider::Service* v6;
};

Fixture& Shared() {
  static Fixture* f = new Fixture();
  return *f;
}

// A realistic planned object: every attribute set, some unknown.
std::string ObjectMsgpack() {
  const cty::Type type = ResourceSchema().block.ImpliedType();
  std::map<std::string, cty::Value> attrs;
  for (const auto& [name, t] : type.attributes()) {
    if (t == cty::Type::String()) {
      attrs.emplace(name, cty::Value::String("value-of-" + name));
    } else if (t == cty::Type::Number()) {
      attrs.emplace(name, cty::Value::Int(42));
    } else if (t == cty::Type::Bool()) {
      attrs.emplace(name, cty::Value::Unknown(t));
    } else if (t.IsMap()) {
      attrs.emplace(name, cty::Value::Map(cty::Type::String(), {{"env", cty::Value::String("prod")},
                                                                 {"team", cty::Value::String("edp")}}));
    } else if (t.IsList() && t.element() == cty::Type::String()) {
      attrs.emplace(name, cty::Value::List(cty::Type::String(), {cty::Value::String("a"),
                                                                 cty::Value::String("b")}));
    } else {
      attrs.emplace(name, cty::Value::List(t.element(), {cty::Value::ObjectOf(
                                                             t.element(),
                                                             {{"field_0", cty::Value::String("x")},
                                                              {"field_1", cty::Value::Null(cty::Type::String())},
                                                              {"field_2", cty::Value::Null(cty::Type::String())},
                                                              {"field_3", cty::Value::String("y")}})}));
    }
  }
  auto bytes = cty::msgpack::Marshal(cty::Value::ObjectOf(type, attrs), type);
  if (!bytes.ok()) std::abort();
  return bytes.value();
}

// What the GetProviderSchema handler does per call: hand out the
// pre-serialized response (slice references, no copy, no serialization).
void BM_GetProviderSchemaHandler(benchmark::State& state) {
  Fixture& f = Shared();
  // The handler runs inside a gRPC server; initialise the library likewise.
  grpc::internal::GrpcLibraryInitializer initializer;
  initializer.summon();
  grpc::GrpcLibraryCodegen library;
  tfplugin::internal::handlers::PrebuiltResponse prebuilt(&f.host->v6_schema_bytes());
  for (auto _ : state) {
    grpc::ByteBuffer out;
    tfplugin::internal::handlers::ServePrebuilt({"GetProviderSchema", ""},
                                                f.host->v6_schema_response(), prebuilt, &out);
    benchmark::DoNotOptimize(out);
  }
  state.counters["bytes"] = static_cast<double>(f.host->v6_schema_bytes().size());
}
BENCHMARK(BM_GetProviderSchemaHandler);

// For comparison: a typed handler copying the pre-built message.
void BM_GetProviderSchemaMessageCopy(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    tfplugin6::GetProviderSchema::Response resp = f.host->v6_schema_response();
    benchmark::DoNotOptimize(resp);
  }
}
BENCHMARK(BM_GetProviderSchemaMessageCopy)->Unit(benchmark::kMicrosecond);

void BM_GetProviderSchemaInProcessRpc(benchmark::State& state) {
  Fixture& f = Shared();
  grpc::ServerBuilder builder;
  builder.RegisterService(f.owner.get());
  auto server = builder.BuildAndStart();
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  auto stub = tfplugin6::Provider::NewStub(server->InProcessChannel(args));
  tfplugin6::GetProviderSchema::Request req;
  for (auto _ : state) {
    tfplugin6::GetProviderSchema::Response resp;
    grpc::ClientContext ctx;
    if (!stub->GetProviderSchema(&ctx, req, &resp).ok()) state.SkipWithError("rpc failed");
    benchmark::DoNotOptimize(resp);
  }
  server->Shutdown();
}
BENCHMARK(BM_GetProviderSchemaInProcessRpc)->Unit(benchmark::kMicrosecond);

void BM_PlanResourceChangeHandler(benchmark::State& state) {
  Fixture& f = Shared();
  const std::string object = ObjectMsgpack();
  tfplugin6::PlanResourceChange::Request req;
  req.set_type_name("bench_resource_7");
  req.mutable_prior_state()->set_msgpack(object);
  req.mutable_proposed_new_state()->set_msgpack(object);
  req.mutable_config()->set_msgpack(object);
  req.set_prior_private("private");
  for (auto _ : state) {
    tfplugin6::PlanResourceChange::Response resp;
    f.v6->PlanResourceChange(nullptr, &req, &resp);
    if (resp.diagnostics_size() != 0) state.SkipWithError(resp.diagnostics(0).detail().c_str());
    benchmark::DoNotOptimize(resp);
  }
  state.counters["object_bytes"] = static_cast<double>(object.size());
}
BENCHMARK(BM_PlanResourceChangeHandler)->Unit(benchmark::kMicrosecond);

// The codec share of the above: one unmarshal and one marshal.
void BM_PlanValueCodecOnly(benchmark::State& state) {
  const std::string object = ObjectMsgpack();
  const cty::Type type = ResourceSchema().block.ImpliedType();
  for (auto _ : state) {
    auto v = cty::msgpack::Unmarshal(object, type);
    auto b = cty::msgpack::Marshal(v.value(), type);
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_PlanValueCodecOnly)->Unit(benchmark::kMicrosecond);

void BM_HostConstruction(benchmark::State& state) {
  auto provider = std::make_shared<BenchProvider>();
  for (auto _ : state) {
    auto host = tfplugin::internal::NewProviderHost(provider);
    benchmark::DoNotOptimize(host);
  }
}
BENCHMARK(BM_HostConstruction)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
