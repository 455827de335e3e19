// GetProviderSchema / GetSchema / GetMetadata and the wire contract itself
// (field numbers of the generated messages against the protocol appendix).
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters_test_util.h"

namespace edp_test {
namespace {

using ::testing::HasSubstr;

template <class P>
class SchemaTest : public ::testing::Test {};
using Protocols = ::testing::Types<P5, P6>;
TYPED_TEST_SUITE(SchemaTest, Protocols);

template <class Repeated>
const auto* FindNamed(const Repeated& r, const std::string& name) {
  for (const auto& x : r) {
    if (x.name() == name) return &x;
  }
  return static_cast<decltype(&*r.begin())>(nullptr);
}

TYPED_TEST(SchemaTest, ConvertsEveryField) {
  using P = TypeParam;
  Harness h(std::make_shared<FakeProvider>(TestSchema(/*with_nested=*/false)));
  typename P::GetSchema::Request req;
  typename P::GetSchema::Response resp;
  ASSERT_TRUE(CallRpc(P::stub(h), P::kGetSchema, req, &resp).ok());
  EXPECT_EQ(resp.diagnostics_size(), 0);

  // Provider block.
  ASSERT_EQ(resp.provider().block().attributes_size(), 2);
  EXPECT_EQ(resp.provider().block().attributes(0).name(), "region");
  EXPECT_EQ(resp.provider().block().attributes(0).type(), "\"string\"");
  EXPECT_TRUE(resp.provider().block().attributes(0).optional());
  EXPECT_TRUE(resp.provider().block().attributes(1).sensitive());
  ASSERT_TRUE(resp.has_provider_meta());
  EXPECT_EQ(resp.provider_meta().block().attributes(0).name(), "module_name");

  // Resource schema, field by field.
  ASSERT_EQ(resp.resource_schemas().count("edp_vpc"), 1u);
  const auto& vpc = resp.resource_schemas().at("edp_vpc");
  EXPECT_EQ(vpc.version(), 2);
  EXPECT_EQ(vpc.block().description(), "A VPC.");
  ASSERT_EQ(vpc.block().attributes_size(), 7);
  const auto* id = FindNamed(vpc.block().attributes(), "id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->type(), "\"string\"");
  EXPECT_TRUE(id->computed());
  EXPECT_FALSE(id->optional());
  EXPECT_FALSE(id->required());
  EXPECT_EQ(id->description(), "The **ID**.");
  EXPECT_EQ(static_cast<int>(id->description_kind()), 1);  // MARKDOWN
  const auto* name = FindNamed(vpc.block().attributes(), "name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->required());
  EXPECT_EQ(static_cast<int>(name->description_kind()), 0);  // PLAIN
  EXPECT_TRUE(FindNamed(vpc.block().attributes(), "cidr")->deprecated());
  EXPECT_EQ(FindNamed(vpc.block().attributes(), "size")->type(), "\"number\"");
  EXPECT_EQ(FindNamed(vpc.block().attributes(), "enabled")->type(), "\"bool\"");
  EXPECT_EQ(FindNamed(vpc.block().attributes(), "tags")->type(), "[\"map\",\"string\"]");
  const auto* secret = FindNamed(vpc.block().attributes(), "secret");
  EXPECT_TRUE(secret->sensitive());
  EXPECT_TRUE(secret->write_only());

  ASSERT_EQ(vpc.block().block_types_size(), 1);
  const auto& subnet = vpc.block().block_types(0);
  EXPECT_EQ(subnet.type_name(), "subnet");
  EXPECT_EQ(static_cast<int>(subnet.nesting()), 2);  // LIST
  EXPECT_EQ(subnet.min_items(), 0);
  EXPECT_EQ(subnet.max_items(), 5);
  ASSERT_EQ(subnet.block().attributes_size(), 2);
  EXPECT_EQ(subnet.block().attributes(0).name(), "name");
  EXPECT_TRUE(subnet.block().attributes(0).required());

  EXPECT_EQ(resp.resource_schemas().count("edp_network"), 1u);
  ASSERT_EQ(resp.data_source_schemas().count("edp_image"), 1u);
  EXPECT_EQ(resp.data_source_schemas().at("edp_image").block().attributes_size(), 2);

  // Capabilities: move_resource_state is never advertised.
  EXPECT_TRUE(resp.server_capabilities().plan_destroy());
  EXPECT_TRUE(resp.server_capabilities().get_provider_schema_optional());
  EXPECT_FALSE(resp.server_capabilities().move_resource_state());
  EXPECT_EQ(resp.functions_size(), 0);
}

TYPED_TEST(SchemaTest, SchemaIsFetchedOnceAndResponsesAreStable) {
  using P = TypeParam;
  auto provider = std::make_shared<FakeProvider>(TestSchema(false));
  Harness h(provider);
  typename P::GetSchema::Response first;
  for (int i = 0; i < 3; ++i) {
    typename P::GetSchema::Request req;
    typename P::GetSchema::Response resp;
    ASSERT_TRUE(CallRpc(P::stub(h), P::kGetSchema, req, &resp).ok());
    if (i == 0) first = resp;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(resp, first));
  }
  EXPECT_EQ(provider->CountCalls("GetProviderSchema"), 1);
}

TYPED_TEST(SchemaTest, ProviderDiagnosticsAreIncluded) {
  using P = TypeParam;
  auto schema = TestSchema(false);
  schema.diagnostics.AddWarning("Schema Warning", "careful");
  Harness h(std::make_shared<FakeProvider>(schema));
  typename P::GetSchema::Request req;
  typename P::GetSchema::Response resp;
  ASSERT_TRUE(CallRpc(P::stub(h), P::kGetSchema, req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), P::Diagnostic::WARNING);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Schema Warning");
}

TYPED_TEST(SchemaTest, ExceptionFromGetProviderSchemaBecomesDiagnostic) {
  using P = TypeParam;
  auto provider = std::make_shared<FakeProvider>(TestSchema(false));
  provider->throw_on_schema = true;
  Harness h(provider);
  typename P::GetSchema::Request req;
  typename P::GetSchema::Response resp;
  ASSERT_TRUE(CallRpc(P::stub(h), P::kGetSchema, req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), P::Diagnostic::ERROR);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Provider Internal Error");
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("schema exploded"));
}

TYPED_TEST(SchemaTest, MetadataListsTypesAndCapabilities) {
  using P = TypeParam;
  Harness h(std::make_shared<FakeProvider>(TestSchema(false)));
  typename P::Metadata::Request req;
  typename P::Metadata::Response resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(P::stub(h).GetMetadata(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.resources_size(), 2);
  EXPECT_EQ(resp.resources(0).type_name(), "edp_network");
  EXPECT_EQ(resp.resources(1).type_name(), "edp_vpc");
  ASSERT_EQ(resp.data_sources_size(), 1);
  EXPECT_EQ(resp.data_sources(0).type_name(), "edp_image");
  EXPECT_TRUE(resp.server_capabilities().plan_destroy());
  EXPECT_FALSE(resp.server_capabilities().move_resource_state());
}

TYPED_TEST(SchemaTest, IdentitySchemasAndFunctionsAreEmptyButOk) {
  using P = TypeParam;
  Harness h(std::make_shared<FakeProvider>(TestSchema(false)));
  {
    typename P::GetResourceIdentitySchemas::Request req;
    typename P::GetResourceIdentitySchemas::Response resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(P::stub(h).GetResourceIdentitySchemas(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.identity_schemas_size(), 0);
    EXPECT_EQ(resp.diagnostics_size(), 0);
  }
  {
    typename P::GetFunctions::Request req;
    typename P::GetFunctions::Response resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(P::stub(h).GetFunctions(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.functions_size(), 0);
  }
}

TYPED_TEST(SchemaTest, UnsupportedRpcsAreUnimplemented) {
  using P = TypeParam;
  Harness h(std::make_shared<FakeProvider>(TestSchema(false)));
  {
    typename P::CallFunction::Request req;
    typename P::CallFunction::Response resp;
    grpc::ClientContext ctx;
    EXPECT_EQ(P::stub(h).CallFunction(&ctx, req, &resp).error_code(),
              grpc::StatusCode::UNIMPLEMENTED);
  }
  {
    typename P::OpenEphemeralResource::Request req;
    typename P::OpenEphemeralResource::Response resp;
    grpc::ClientContext ctx;
    EXPECT_EQ(P::stub(h).OpenEphemeralResource(&ctx, req, &resp).error_code(),
              grpc::StatusCode::UNIMPLEMENTED);
  }
}

// --- protocol-specific schema behaviour ------------------------------------

TEST(SchemaV6, NestedAttributeTypes) {
  Harness h(std::make_shared<FakeProvider>(TestSchema(/*with_nested=*/true)));
  tfplugin6::GetProviderSchema::Request req;
  tfplugin6::GetProviderSchema::Response resp;
  ASSERT_TRUE(CallRpc(*h.v6, &tfplugin6::Provider::Stub::GetProviderSchema, req, &resp).ok());
  EXPECT_EQ(resp.diagnostics_size(), 0);
  const auto& nested = resp.resource_schemas().at("edp_nested");
  const auto* rules = FindNamed(nested.block().attributes(), "rules");
  ASSERT_NE(rules, nullptr);
  EXPECT_TRUE(rules->type().empty());  // exactly one of type / nested_type
  ASSERT_TRUE(rules->has_nested_type());
  EXPECT_EQ(rules->nested_type().nesting(), tfplugin6::Schema::Object::LIST);
  ASSERT_EQ(rules->nested_type().attributes_size(), 1);
  EXPECT_EQ(rules->nested_type().attributes(0).name(), "port");
  EXPECT_EQ(rules->nested_type().attributes(0).type(), "\"number\"");
  EXPECT_TRUE(rules->nested_type().attributes(0).required());
  EXPECT_TRUE(rules->optional());
}

TEST(SchemaV5, NestedAttributeTypesAreRejected) {
  Harness h(std::make_shared<FakeProvider>(TestSchema(/*with_nested=*/true)));
  tfplugin5::GetProviderSchema::Request req;
  tfplugin5::GetProviderSchema::Response resp;
  ASSERT_TRUE(CallRpc(*h.v5, &tfplugin5::Provider::Stub::GetSchema, req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), tfplugin5::Diagnostic::ERROR);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Provider Requires Protocol 6");
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("edp_nested"));
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("rules"));
}

TEST(SchemaV6, GroupNestingOnNestedAttributeIsReported) {
  auto schema = TestSchema(true);
  auto obj = std::make_shared<tfplugin::SchemaObject>(*schema.resource_schemas["edp_nested"]
                                                           .block.attributes[1]
                                                           .nested);
  obj->nesting = tfplugin::NestingMode::kGroup;
  schema.resource_schemas["edp_nested"].block.attributes[1].nested = obj;
  Harness h(std::make_shared<FakeProvider>(schema));
  tfplugin6::GetProviderSchema::Request req;
  tfplugin6::GetProviderSchema::Response resp;
  ASSERT_TRUE(CallRpc(*h.v6, &tfplugin6::Provider::Stub::GetProviderSchema, req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Invalid Provider Schema");
}

// --- the wire contract: field numbers from the protocol appendices ----------

int FieldNumber(const google::protobuf::Descriptor* d, const std::string& field) {
  const auto* f = d->FindFieldByName(field);
  return f ? f->number() : -1;
}

TEST(WireContract, AttributeTagsDifferBetweenProtocols) {
  EXPECT_EQ(FieldNumber(tfplugin5::Schema::Attribute::descriptor(), "write_only"), 10);
  EXPECT_EQ(FieldNumber(tfplugin5::Schema::Attribute::descriptor(), "deprecation_message"), 11);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Attribute::descriptor(), "nested_type"), 10);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Attribute::descriptor(), "write_only"), 11);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Attribute::descriptor(), "deprecation_message"), 12);
  EXPECT_EQ(FieldNumber(tfplugin6::Schema::Block::descriptor(), "computed"), 8);
  EXPECT_EQ(FieldNumber(tfplugin5::Schema::Block::descriptor(), "computed"), -1);
}

TEST(WireContract, SelectedFieldNumbers) {
  struct Row {
    const google::protobuf::Descriptor* d;
    const char* field;
    int number;
  };
  const Row rows[] = {
      {tfplugin6::GetProviderSchema::Response::descriptor(), "provider_meta", 5},
      {tfplugin6::GetProviderSchema::Response::descriptor(), "server_capabilities", 6},
      {tfplugin6::GetProviderSchema::Response::descriptor(), "state_store_schemas", 10},
      {tfplugin6::GetProviderSchema::Response::descriptor(), "action_schemas", 11},
      {tfplugin5::GetProviderSchema::Response::descriptor(), "action_schemas", 11},
      {tfplugin6::ValidateProviderConfig::Response::descriptor(), "diagnostics", 2},
      {tfplugin5::PrepareProviderConfig::Response::descriptor(), "prepared_config", 1},
      {tfplugin5::PrepareProviderConfig::Response::descriptor(), "diagnostics", 2},
      {tfplugin6::PlanResourceChange::Request::descriptor(), "prior_identity", 8},
      {tfplugin6::PlanResourceChange::Request::descriptor(), "planned_private", 9},
      {tfplugin6::PlanResourceChange::Response::descriptor(), "legacy_type_system", 5},
      {tfplugin6::PlanResourceChange::Response::descriptor(), "planned_identity", 7},
      {tfplugin5::ApplyResourceChange::Response::descriptor(), "diagnostics", 3},
      {tfplugin6::ReadResource::Request::descriptor(), "current_identity", 6},
      {tfplugin6::ImportResourceState::ImportedResource::descriptor(), "identity", 4},
      {tfplugin6::MoveResourceState::Request::descriptor(), "source_identity_schema_version", 8},
      {tfplugin6::ClientCapabilities::descriptor(), "computed_blocks_allowed", 4},
      {tfplugin6::ServerCapabilities::descriptor(), "generate_resource_config", 4},
      {tfplugin6::ProviderMetadata::Response::descriptor(), "state_stores", 8},
      {tfplugin6::ProviderMetadata::Response::descriptor(), "actions", 9},
      {tfplugin5::ProviderMetadata::Response::descriptor(), "actions", 8},
      {tfplugin6::OpenEphemeralResource::Response::descriptor(), "renew_at", 2},
      {tfplugin6::WriteStateBytes::RequestChunk::descriptor(), "range", 4},
      {tfplugin6::StopProvider::Response::descriptor(), "Error", 1},
      {tfplugin5::Stop::Response::descriptor(), "Error", 1},
      {tfplugin6::Schema::Object::descriptor(), "nesting", 3},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(FieldNumber(r.d, r.field), r.number) << r.d->full_name() << "." << r.field;
  }
  // proto3 `optional` where the protocol says optional.
  EXPECT_TRUE(tfplugin6::FunctionError::descriptor()
                  ->FindFieldByName("function_argument")
                  ->has_presence());
  EXPECT_TRUE(tfplugin5::RenewEphemeralResource::Request::descriptor()
                  ->FindFieldByName("private")
                  ->has_presence());
}

TEST(WireContract, MethodPaths) {
  const auto* v6 = tfplugin6::DynamicValue::descriptor()->file()->FindServiceByName("Provider");
  const auto* v5 = tfplugin5::DynamicValue::descriptor()->file()->FindServiceByName("Provider");
  ASSERT_NE(v6, nullptr);
  ASSERT_NE(v5, nullptr);
  EXPECT_EQ(v6->full_name(), "tfplugin6.Provider");
  EXPECT_EQ(v5->full_name(), "tfplugin5.Provider");
  EXPECT_NE(v6->FindMethodByName("GetMetadata"), nullptr);
  EXPECT_NE(v6->FindMethodByName("GetProviderSchema"), nullptr);
  EXPECT_NE(v6->FindMethodByName("ReadStateBytes"), nullptr);
  EXPECT_NE(v5->FindMethodByName("GetSchema"), nullptr);
  EXPECT_NE(v5->FindMethodByName("PrepareProviderConfig"), nullptr);
  EXPECT_EQ(v5->FindMethodByName("ReadStateBytes"), nullptr);
  EXPECT_EQ(v6->method_count(), 36);
  EXPECT_EQ(v5->method_count(), 28);
  const auto* prov =
      tfplugin5::DynamicValue::descriptor()->file()->FindServiceByName("Provisioner");
  ASSERT_NE(prov, nullptr);
  EXPECT_NE(prov->FindMethodByName("ProvisionResource"), nullptr);
}

}  // namespace
}  // namespace edp_test
