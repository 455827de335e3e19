// GrpcProviderClient: every Provider method round-trips through the wire
// (client encode -> server decode -> fake provider -> server encode ->
// client decode) over both protocol versions, plus client-side failures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters_test_util.h"
#include "cty/number.h"
#include "tfplugin/grpc_provider_client.h"

namespace edp_test {
namespace {

using ::testing::HasSubstr;

template <class P>
class ClientTest : public ::testing::Test {
 protected:
  ClientTest() : provider_(std::make_shared<FakeProvider>(TestSchema(false))), h_(provider_) {
    client_ = tfplugin::NewGrpcProviderClient(h_.channel, P::kVersion, &diags_);
  }

  static cty::Value Vpc(std::map<std::string, cty::Value> set) {
    return ObjectWith(VpcType(), std::move(set));
  }

  std::shared_ptr<FakeProvider> provider_;
  Harness h_;
  tfplugin::Diagnostics diags_;
  std::unique_ptr<tfplugin::Provider> client_;
};

using Protocols = ::testing::Types<P5, P6>;
TYPED_TEST_SUITE(ClientTest, Protocols);

TYPED_TEST(ClientTest, SchemaRoundTrip) {
  ASSERT_NE(this->client_, nullptr) << this->diags_.ToString();
  EXPECT_TRUE(this->diags_.empty());
  tfplugin::GetProviderSchemaResponse s = this->client_->GetProviderSchema();
  const tfplugin::GetProviderSchemaResponse want = TestSchema(false);
  ASSERT_EQ(s.resource_schemas.size(), want.resource_schemas.size());
  for (const auto& [name, schema] : want.resource_schemas) {
    ASSERT_EQ(s.resource_schemas.count(name), 1u) << name;
    EXPECT_EQ(s.resource_schemas.at(name).block.ImpliedType(), schema.block.ImpliedType()) << name;
    EXPECT_EQ(s.resource_schemas.at(name).version, schema.version);
  }
  const auto& vpc = s.resource_schemas.at("edp_vpc").block;
  const auto* id = vpc.FindAttribute("id");
  ASSERT_NE(id, nullptr);
  EXPECT_TRUE(id->computed);
  EXPECT_EQ(id->description_kind, tfplugin::StringKind::kMarkdown);
  EXPECT_TRUE(vpc.FindAttribute("secret")->write_only);
  EXPECT_TRUE(vpc.FindAttribute("secret")->sensitive);
  EXPECT_TRUE(vpc.FindAttribute("cidr")->deprecated);
  ASSERT_NE(vpc.FindBlockType("subnet"), nullptr);
  EXPECT_EQ(vpc.FindBlockType("subnet")->nesting, tfplugin::NestingMode::kList);
  EXPECT_EQ(vpc.FindBlockType("subnet")->max_items, 5);
  EXPECT_EQ(s.data_source_schemas.count("edp_image"), 1u);
  ASSERT_TRUE(s.provider_meta.has_value());
  EXPECT_EQ(s.provider.block.ImpliedType(), want.provider.block.ImpliedType());
  EXPECT_TRUE(s.capabilities.plan_destroy);
  EXPECT_TRUE(s.capabilities.get_provider_schema_optional);
  EXPECT_FALSE(s.capabilities.move_resource_state);
}

TYPED_TEST(ClientTest, EveryRpcRoundTrips) {
  ASSERT_NE(this->client_, nullptr) << this->diags_.ToString();
  auto& fake = *this->provider_;
  auto& client = *this->client_;

  const cty::Value provider_config = cty::Value::Object(
      {{"region", cty::Value::String("eu-de")}, {"token", cty::Value::Unknown(cty::Type::String())}});
  {
    tfplugin::ValidateProviderConfigRequest req{provider_config};
    tfplugin::ValidateProviderConfigResponse resp;
    client.ValidateProviderConfig(req, resp);
    EXPECT_TRUE(resp.diagnostics.empty()) << resp.diagnostics.ToString();
    EXPECT_TRUE(fake.last_validate_provider->config.RawEquals(provider_config));
  }
  {
    tfplugin::ConfigureProviderRequest req;
    req.terraform_version = "1.9.0";
    req.config = provider_config;
    req.client_capabilities.deferral_allowed = true;
    tfplugin::ConfigureProviderResponse resp;
    client.ConfigureProvider(req, resp);
    EXPECT_TRUE(resp.diagnostics.empty());
    EXPECT_EQ(fake.last_configure->terraform_version, "1.9.0");
    EXPECT_TRUE(fake.last_configure->client_capabilities.deferral_allowed);
  }

  cty::Refinements refined;
  refined.not_null = true;
  refined.string_prefix = "ab";
  const cty::Value config = this->Vpc({
      {"name", cty::Value::String("net")},
      {"size", cty::Value::Number(cty::Number::Parse("0.1").value())},
      {"id", cty::Value::Unknown(cty::Type::String(), refined)},
      {"tags", cty::Value::Map(cty::Type::String(), {{"env", cty::Value::String("prod")}})},
      {"subnet", cty::Value::List(cty::Type::Object({{"name", cty::Type::String()},
                                                     {"zone", cty::Type::String()}}),
                                  {cty::Value::Object({{"name", cty::Value::String("s1")},
                                                       {"zone", cty::Value::Null(cty::Type::String())}})})},
  });
  {
    tfplugin::ValidateResourceConfigRequest req{"edp_vpc", config, {}};
    tfplugin::ValidateResourceConfigResponse resp;
    client.ValidateResourceConfig(req, resp);
    EXPECT_TRUE(resp.diagnostics.empty());
    EXPECT_TRUE(fake.last_validate_resource->config.RawEquals(config));
  }
  {
    tfplugin::UpgradeResourceStateRequest req;
    req.type_name = "edp_vpc";
    req.version = 1;
    req.raw_state.json = R"({"id":"vpc-1","name":"n"})";
    tfplugin::UpgradeResourceStateResponse resp;
    client.UpgradeResourceState(req, resp);
    EXPECT_TRUE(resp.diagnostics.empty()) << resp.diagnostics.ToString();
    EXPECT_EQ(fake.last_upgrade->raw_state.json, req.raw_state.json);
    EXPECT_EQ(resp.upgraded_state.GetAttr("id").AsString(), "vpc-1");
  }
  {
    fake.plan_hook = [](const tfplugin::PlanResourceChangeRequest&,
                        tfplugin::PlanResourceChangeResponse& resp) {
      resp.requires_replace.push_back(cty::Path().GetAttr("cidr"));
      resp.diagnostics.AddAttributeWarning(
          cty::Path().GetAttr("subnet").Index(0).GetAttr("zone"), "Zone", "zone defaulted");
    };
    tfplugin::PlanResourceChangeRequest req;
    req.type_name = "edp_vpc";
    req.prior_state = cty::Value();  // null on create
    req.proposed_new_state = config;
    req.config = config;
    req.prior_private = "pp";
    tfplugin::PlanResourceChangeResponse resp;
    client.PlanResourceChange(req, resp);
    ASSERT_EQ(resp.diagnostics.size(), 1u);
    EXPECT_EQ(resp.diagnostics[0].severity, tfplugin::Severity::kWarning);
    EXPECT_EQ(resp.diagnostics[0].attribute,
              std::optional<cty::Path>(cty::Path().GetAttr("subnet").Index(0).GetAttr("zone")));
    EXPECT_TRUE(resp.planned_state.RawEquals(config)) << resp.planned_state.GoString();
    EXPECT_TRUE(fake.last_plan->prior_state.IsNull());
    EXPECT_EQ(resp.planned_private, "pp");
    ASSERT_EQ(resp.requires_replace.size(), 1u);
    EXPECT_EQ(resp.requires_replace[0], cty::Path().GetAttr("cidr"));
  }
  const cty::Value state = this->Vpc({{"id", cty::Value::String("vpc-1")},
                                      {"name", cty::Value::String("net")}});
  {
    tfplugin::ApplyResourceChangeRequest req;
    req.type_name = "edp_vpc";
    req.planned_state = state;
    req.config = state;
    req.planned_private = "p2";
    tfplugin::ApplyResourceChangeResponse resp;
    client.ApplyResourceChange(req, resp);
    EXPECT_TRUE(resp.diagnostics.empty());
    EXPECT_TRUE(resp.new_state.RawEquals(state));
    EXPECT_EQ(resp.private_data, "p2");
  }
  {
    tfplugin::ReadResourceRequest req;
    req.type_name = "edp_vpc";
    req.current_state = state;
    req.private_data = "p3";
    req.provider_meta = cty::Value::Object({{"module_name", cty::Value::String("m")}});
    tfplugin::ReadResourceResponse resp;
    client.ReadResource(req, resp);
    EXPECT_TRUE(resp.new_state.RawEquals(state));
    EXPECT_EQ(resp.private_data, "p3");
    EXPECT_EQ(fake.last_read->provider_meta.GetAttr("module_name").AsString(), "m");
  }
  {
    tfplugin::ImportResourceStateRequest req;
    req.type_name = "edp_vpc";
    req.id = "vpc-7";
    tfplugin::ImportResourceStateResponse resp;
    client.ImportResourceState(req, resp);
    ASSERT_EQ(resp.imported_resources.size(), 1u);
    EXPECT_EQ(resp.imported_resources[0].type_name, "edp_vpc");
    EXPECT_EQ(resp.imported_resources[0].state.GetAttr("id").AsString(), "vpc-7");
    EXPECT_EQ(resp.imported_resources[0].private_data, "imported");
  }
  {
    const cty::Value ds_config =
        cty::Value::Object({{"id", cty::Value::Null(cty::Type::String())},
                            {"name", cty::Value::String("ubuntu")}});
    tfplugin::ValidateDataResourceConfigRequest vreq{"edp_image", ds_config};
    tfplugin::ValidateDataResourceConfigResponse vresp;
    client.ValidateDataResourceConfig(vreq, vresp);
    EXPECT_TRUE(vresp.diagnostics.empty());
    tfplugin::ReadDataSourceRequest req;
    req.type_name = "edp_image";
    req.config = ds_config;
    tfplugin::ReadDataSourceResponse resp;
    client.ReadDataSource(req, resp);
    EXPECT_TRUE(resp.diagnostics.empty());
    EXPECT_EQ(resp.state.GetAttr("id").AsString(), "img-1");
    EXPECT_EQ(resp.state.GetAttr("name").AsString(), "ubuntu");
  }
  fake.stop_error = "stop err";
  EXPECT_EQ(client.StopProvider(), "stop err");
  EXPECT_EQ(fake.CountCalls("GetProviderSchema"), 1);
}

TYPED_TEST(ClientTest, ClientSideProblemsSendNothing) {
  ASSERT_NE(this->client_, nullptr);
  tfplugin::PlanResourceChangeRequest req;
  req.type_name = "edp_vcp";
  tfplugin::PlanResourceChangeResponse resp;
  this->client_->PlanResourceChange(req, resp);
  ASSERT_EQ(resp.diagnostics.size(), 1u);
  EXPECT_EQ(resp.diagnostics[0].summary, "Unknown Resource Type");
  EXPECT_THAT(resp.diagnostics[0].detail, HasSubstr("Did you mean \"edp_vpc\"?"));

  req.type_name = "edp_vpc";
  req.config = cty::Value::String("not an object");
  tfplugin::PlanResourceChangeResponse resp2;
  this->client_->PlanResourceChange(req, resp2);
  ASSERT_EQ(resp2.diagnostics.size(), 1u);
  EXPECT_EQ(resp2.diagnostics[0].summary, "Invalid Request Value");
  EXPECT_THAT(resp2.diagnostics[0].detail, HasSubstr("config"));
  EXPECT_EQ(this->provider_->CountCalls("PlanResourceChange"), 0);
}

// Over TCP: gRPC's in-process transport must not be used after its server
// shut down.
TYPED_TEST(ClientTest, ServerGoneMeansPluginDidNotRespond) {
  auto host = tfplugin::internal::NewProviderHost(this->provider_);
  auto service = TypeParam::kVersion == 5 ? tfplugin::internal::NewV5Service(host)
                                          : tfplugin::internal::NewV6Service(host);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service.get());
  auto server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  ASSERT_GT(port, 0);
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                     grpc::InsecureChannelCredentials());
  tfplugin::Diagnostics diags;
  auto client = tfplugin::NewGrpcProviderClient(channel, TypeParam::kVersion, &diags);
  ASSERT_NE(client, nullptr) << diags.ToString();
  server->Shutdown();
  server->Wait();

  tfplugin::ReadResourceRequest req;
  req.type_name = "edp_vpc";
  tfplugin::ReadResourceResponse resp;
  client->ReadResource(req, resp);
  ASSERT_EQ(resp.diagnostics.size(), 1u);
  EXPECT_EQ(resp.diagnostics[0].summary, "Plugin did not respond");
  EXPECT_THAT(resp.diagnostics[0].detail, HasSubstr("ReadResource"));
  EXPECT_THAT(client->StopProvider(), HasSubstr("Plugin did not respond"));
}

TEST(Client, UnreachablePlugin) {
  auto channel = grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  tfplugin::Diagnostics diags;
  EXPECT_EQ(tfplugin::NewGrpcProviderClient(channel, 6, &diags), nullptr);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].summary, "Plugin did not respond");
  EXPECT_THAT(diags[0].detail, HasSubstr("GetProviderSchema"));
}

// A plugin that fails GetProviderSchema at the gRPC level.
class BrokenV6 final : public tfplugin6::Provider::Service {
 public:
  grpc::Status GetProviderSchema(grpc::ServerContext*, const tfplugin6::GetProviderSchema::Request*,
                                 tfplugin6::GetProviderSchema::Response*) override {
    return grpc::Status(grpc::StatusCode::INTERNAL, "boom");
  }
};

TEST(Client, GrpcErrorsBecomeDiagnostics) {
  {
    BrokenV6 service;
    grpc::ServerBuilder builder;
    builder.RegisterService(&service);
    auto server = builder.BuildAndStart();
    tfplugin::Diagnostics diags;
    EXPECT_EQ(tfplugin::NewGrpcProviderClient(server->InProcessChannel({}), 6, &diags), nullptr);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].summary, "Plugin error");
    EXPECT_EQ(diags[0].detail,
              "The plugin returned an unexpected error from GetProviderSchema: rpc error: code = "
              "Internal desc = boom");
    server->Shutdown();
  }
  {
    tfplugin6::Provider::Service empty;  // every method UNIMPLEMENTED
    grpc::ServerBuilder builder;
    builder.RegisterService(&empty);
    auto server = builder.BuildAndStart();
    tfplugin::Diagnostics diags;
    EXPECT_EQ(tfplugin::NewGrpcProviderClient(server->InProcessChannel({}), 6, &diags), nullptr);
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].summary, "Unsupported Plugin Method");
    server->Shutdown();
  }
}

TEST(Client, UnsupportedVersion) {
  Harness h(std::make_shared<FakeProvider>(TestSchema(false)));
  tfplugin::Diagnostics diags;
  EXPECT_EQ(tfplugin::NewGrpcProviderClient(h.channel, 4, &diags), nullptr);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].summary, "Unsupported Plugin Protocol");
}

TEST(Client, V5RefusesProtocol6Schemas) {
  Harness h(std::make_shared<FakeProvider>(TestSchema(/*with_nested=*/true)));
  tfplugin::Diagnostics diags;
  EXPECT_EQ(tfplugin::NewGrpcProviderClient(h.channel, 5, &diags), nullptr);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].summary, "Provider Requires Protocol 6");
}

TEST(Client, V6NestedAttributesRoundTrip) {
  Harness h(std::make_shared<FakeProvider>(TestSchema(/*with_nested=*/true)));
  tfplugin::Diagnostics diags;
  auto client = tfplugin::NewGrpcProviderClient(h.channel, 6, &diags);
  ASSERT_NE(client, nullptr) << diags.ToString();
  auto s = client->GetProviderSchema();
  const auto& nested = s.resource_schemas.at("edp_nested");
  EXPECT_EQ(nested.block.ImpliedType(), NestedSchema().block.ImpliedType());
  const auto* rules = nested.block.FindAttribute("rules");
  ASSERT_NE(rules, nullptr);
  ASSERT_NE(rules->nested, nullptr);
  EXPECT_EQ(rules->nested->nesting, tfplugin::NestingMode::kList);

  const cty::Type obj = cty::Type::Object({{"port", cty::Type::Number()}});
  const cty::Value v = cty::Value::Object(
      {{"id", cty::Value::Unknown(cty::Type::String())},
       {"rules", cty::Value::List(obj, {cty::Value::Object({{"port", cty::Value::Int(443)}})})}});
  tfplugin::PlanResourceChangeRequest req;
  req.type_name = "edp_nested";
  req.proposed_new_state = v;
  req.config = v;
  tfplugin::PlanResourceChangeResponse resp;
  client->PlanResourceChange(req, resp);
  EXPECT_TRUE(resp.diagnostics.empty()) << resp.diagnostics.ToString();
  EXPECT_TRUE(resp.planned_state.RawEquals(v));
}

}  // namespace
}  // namespace edp_test
