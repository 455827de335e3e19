// The resource/data source RPC handlers of both protocols, driven with
// hand-crafted wire messages through an in-process gRPC server: request
// decoding, response encoding, diagnostics, and the error boundaries.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters_test_util.h"
#include "cty/msgpack.h"
#include "cty/number.h"
#include "tfplugin/log.h"

namespace edp_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

template <class P>
class RpcTest : public ::testing::Test {
 protected:
  RpcTest() : provider_(std::make_shared<FakeProvider>(TestSchema(false))), h_(provider_) {}

  typename P::Stub& stub() { return P::stub(h_); }

  static typename P::DynamicValue Dv(const std::string& msgpack) {
    typename P::DynamicValue dv;
    dv.set_msgpack(msgpack);
    return dv;
  }

  // A PlanResourceChange request for edp_vpc with the given raw values.
  static typename P::PlanResourceChange::Request PlanRequest(const std::string& config) {
    typename P::PlanResourceChange::Request req;
    req.set_type_name("edp_vpc");
    *req.mutable_prior_state() = Dv("\xc0");
    *req.mutable_proposed_new_state() = Dv(config);
    *req.mutable_config() = Dv(config);
    req.set_prior_private("prior-private");
    return req;
  }

  typename P::PlanResourceChange::Response Plan(const typename P::PlanResourceChange::Request& req) {
    typename P::PlanResourceChange::Response resp;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub().PlanResourceChange(&ctx, req, &resp).ok());
    return resp;
  }

  std::shared_ptr<FakeProvider> provider_;
  Harness h_;
};

using Protocols = ::testing::Types<P5, P6>;
TYPED_TEST_SUITE(RpcTest, Protocols);

cty::Number Num(const char* text) { return cty::Number::Parse(text).value(); }

// --- request decoding -------------------------------------------------------

TYPED_TEST(RpcTest, NumbersArriveInEveryEncoding) {
  const std::string name = Msgpack().Str("net").bytes();
  // "0.1" as a msgpack string, as Terraform sends numbers that aren't exact
  // float64s; 1.5 as float64; 2^64-1 as uint64.
  auto req = this->PlanRequest(VpcMsgpack({{"name", name}, {"size", Msgpack().Str("0.1").bytes()}}));
  *req.mutable_proposed_new_state() =
      this->Dv(VpcMsgpack({{"name", name}, {"size", Msgpack().Float64(1.5).bytes()}}));
  *req.mutable_prior_state() = this->Dv(
      VpcMsgpack({{"name", name}, {"size", Msgpack().Uint64(18446744073709551615ull).bytes()}}));
  auto resp = this->Plan(req);
  EXPECT_EQ(resp.diagnostics_size(), 0);
  ASSERT_TRUE(this->provider_->last_plan.has_value());
  const auto& in = *this->provider_->last_plan;
  EXPECT_EQ(in.config.GetAttr("size").AsNumber(), Num("0.1"));
  EXPECT_EQ(in.proposed_new_state.GetAttr("size").AsNumber(), Num("1.5"));
  EXPECT_EQ(in.prior_state.GetAttr("size").AsNumber(), Num("18446744073709551615"));
  EXPECT_EQ(in.config.GetAttr("name").AsString(), "net");
  EXPECT_EQ(in.prior_private, "prior-private");
  EXPECT_EQ(in.type_name, "edp_vpc");

  // The planned state (= proposed) comes back as msgpack with the same value.
  ASSERT_TRUE(resp.has_planned_state());
  auto planned = cty::msgpack::Unmarshal(resp.planned_state().msgpack(), VpcType());
  ASSERT_TRUE(planned.ok()) << planned.error().ToString();
  EXPECT_TRUE(planned.value().RawEquals(in.proposed_new_state));
  EXPECT_TRUE(resp.planned_state().json().empty());
  EXPECT_EQ(resp.planned_private(), "prior-private");
  EXPECT_FALSE(resp.legacy_type_system());
}

TYPED_TEST(RpcTest, UnknownsAndRefinedUnknowns) {
  // id: plain unknown (ext 0); name: unknown string refined as not null.
  auto req = this->PlanRequest(VpcMsgpack({{"id", Bytes({0xd4, 0x00, 0x00})},
                                           {"name", Bytes({0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc2})}}));
  auto resp = this->Plan(req);
  EXPECT_EQ(resp.diagnostics_size(), 0);
  ASSERT_TRUE(this->provider_->last_plan.has_value());
  const cty::Value& config = this->provider_->last_plan->config;
  EXPECT_FALSE(config.GetAttr("id").IsKnown());
  EXPECT_EQ(config.GetAttr("id").type(), cty::Type::String());
  const cty::Value name = config.GetAttr("name");
  ASSERT_FALSE(name.IsKnown());
  EXPECT_TRUE(name.refinements().not_null);
  // Unknowns (refinements included) survive the trip back.
  auto planned = cty::msgpack::Unmarshal(resp.planned_state().msgpack(), VpcType());
  ASSERT_TRUE(planned.ok());
  EXPECT_TRUE(planned.value().RawEquals(this->provider_->last_plan->proposed_new_state));
}

TYPED_TEST(RpcTest, AbsentNilAndJsonValues) {
  auto req = this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}}));
  req.clear_prior_state();  // absent -> null
  typename TypeParam::DynamicValue json;
  json.set_json(R"({"name":"from-json","size":3})");
  *req.mutable_config() = json;  // msgpack empty, json present -> JSON
  typename TypeParam::DynamicValue empty;
  *req.mutable_provider_meta() = empty;  // both empty -> null
  auto resp = this->Plan(req);
  EXPECT_EQ(resp.diagnostics_size(), 0);
  ASSERT_TRUE(this->provider_->last_plan.has_value());
  const auto& in = *this->provider_->last_plan;
  EXPECT_TRUE(in.prior_state.IsNull());
  EXPECT_EQ(in.prior_state.type(), VpcType());
  EXPECT_EQ(in.config.GetAttr("name").AsString(), "from-json");
  EXPECT_EQ(in.config.GetAttr("size").AsNumber(), Num("3"));
  EXPECT_TRUE(in.config.GetAttr("cidr").IsNull());
  EXPECT_TRUE(in.provider_meta.IsNull());
}

TYPED_TEST(RpcTest, ProviderMetaIsDecodedWithItsSchema) {
  auto req = this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}}));
  *req.mutable_provider_meta() =
      this->Dv(Msgpack().Map(1).Str("module_name").Str("mod").bytes());
  auto resp = this->Plan(req);
  EXPECT_EQ(resp.diagnostics_size(), 0);
  ASSERT_TRUE(this->provider_->last_plan.has_value());
  EXPECT_EQ(this->provider_->last_plan->provider_meta.GetAttr("module_name").AsString(), "mod");
}

TYPED_TEST(RpcTest, CorruptMsgpackNamesTheFieldAndSkipsTheProvider) {
  const std::string cases[] = {
      Bytes({0x81, 0xa4, 'n', 'a', 'm', 'e', 0x01}),  // object with 1 of 8 attributes
      Bytes({0x88, 0xa4, 'c', 'i', 'd', 'r'}),        // truncated
      Bytes({0x80}),                                  // empty map for a non-empty object
      Bytes({0xc1}),                                  // never-used msgpack byte
      VpcMsgpack({{"name", Bytes({0x01})}}),          // number where a string belongs
  };
  for (const std::string& bytes : cases) {
    auto req = this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("ok").bytes()}}));
    *req.mutable_config() = this->Dv(bytes);
    auto resp = this->Plan(req);
    ASSERT_EQ(resp.diagnostics_size(), 1);
    EXPECT_EQ(resp.diagnostics(0).severity(), TypeParam::Diagnostic::ERROR);
    EXPECT_EQ(resp.diagnostics(0).summary(), "Invalid Request Value");
    EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("Invalid msgpack in config: "));
    EXPECT_FALSE(resp.has_planned_state());
  }
  EXPECT_EQ(this->provider_->CountCalls("PlanResourceChange"), 0);
}

TYPED_TEST(RpcTest, WrongAttributeTypeErrorMentionsThePath) {
  auto req = this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("ok").bytes()}}));
  *req.mutable_proposed_new_state() = this->Dv(VpcMsgpack({{"enabled", Msgpack().Str("x").bytes()}}));
  auto resp = this->Plan(req);
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("Invalid msgpack in proposed_new_state"));
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("enabled"));
  EXPECT_EQ(this->provider_->CountCalls("PlanResourceChange"), 0);
}

TYPED_TEST(RpcTest, UnknownTypeNamesSuggestCloseNames) {
  auto req = this->PlanRequest(VpcMsgpack({}));
  req.set_type_name("edp_vcp");
  auto resp = this->Plan(req);
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Unknown Resource Type");
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("\"edp_vcp\""));
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("Did you mean \"edp_vpc\"?"));

  req.set_type_name("aws_instance");
  resp = this->Plan(req);
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_THAT(resp.diagnostics(0).detail(), Not(HasSubstr("Did you mean")));

  typename TypeParam::ReadDataSource::Request dreq;
  dreq.set_type_name("edp_imag");
  typename TypeParam::ReadDataSource::Response dresp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(this->stub().ReadDataSource(&ctx, dreq, &dresp).ok());
  ASSERT_EQ(dresp.diagnostics_size(), 1);
  EXPECT_EQ(dresp.diagnostics(0).summary(), "Unknown Data Source Type");
  EXPECT_THAT(dresp.diagnostics(0).detail(), HasSubstr("Did you mean \"edp_image\"?"));
  EXPECT_FALSE(dresp.has_state());
  EXPECT_EQ(this->provider_->CountCalls("PlanResourceChange"), 0);
  EXPECT_EQ(this->provider_->CountCalls("ReadDataSource"), 0);
}

// --- response encoding --------------------------------------------------------

TYPED_TEST(RpcTest, DiagnosticsWithAttributePaths) {
  this->provider_->plan_hook = [](const tfplugin::PlanResourceChangeRequest&,
                                  tfplugin::PlanResourceChangeResponse& resp) {
    resp.diagnostics.AddAttributeError(cty::Path().GetAttr("subnet").Index(0).GetAttr("name"),
                                       "Bad Subnet", "subnet name");
    resp.diagnostics.AddAttributeWarning(cty::Path().GetAttr("tags").Index(std::string("env")),
                                         "Odd Tag", "tag");
    // A set element cannot be addressed: the path stops before it.
    resp.diagnostics.AddAttributeError(
        cty::Path().GetAttr("rules").Index(cty::Value::Object({{"port", cty::Value::Int(1)}}))
            .GetAttr("port"),
        "Bad Rule", "rule");
    resp.diagnostics.AddWarning("Plain", "no path");
    resp.requires_replace.push_back(cty::Path().GetAttr("cidr"));
    resp.requires_replace.push_back(cty::Path().GetAttr("subnet").Index(1));
  };
  auto resp = this->Plan(this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}})));
  ASSERT_EQ(resp.diagnostics_size(), 4);
  using D = typename TypeParam::Diagnostic;

  const auto& d0 = resp.diagnostics(0);
  EXPECT_EQ(d0.severity(), D::ERROR);
  EXPECT_EQ(d0.summary(), "Bad Subnet");
  EXPECT_EQ(d0.detail(), "subnet name");
  ASSERT_EQ(d0.attribute().steps_size(), 3);
  EXPECT_EQ(d0.attribute().steps(0).attribute_name(), "subnet");
  EXPECT_TRUE(d0.attribute().steps(1).has_element_key_int());
  EXPECT_EQ(d0.attribute().steps(1).element_key_int(), 0);
  EXPECT_EQ(d0.attribute().steps(2).attribute_name(), "name");

  const auto& d1 = resp.diagnostics(1);
  EXPECT_EQ(d1.severity(), D::WARNING);
  ASSERT_EQ(d1.attribute().steps_size(), 2);
  EXPECT_EQ(d1.attribute().steps(1).element_key_string(), "env");

  const auto& d2 = resp.diagnostics(2);
  ASSERT_EQ(d2.attribute().steps_size(), 1);
  EXPECT_EQ(d2.attribute().steps(0).attribute_name(), "rules");

  EXPECT_FALSE(resp.diagnostics(3).has_attribute());
  EXPECT_EQ(resp.diagnostics(3).severity(), D::WARNING);

  ASSERT_EQ(resp.requires_replace_size(), 2);
  EXPECT_EQ(resp.requires_replace(0).steps(0).attribute_name(), "cidr");
  EXPECT_EQ(resp.requires_replace(1).steps(1).element_key_int(), 1);
}

TYPED_TEST(RpcTest, NonConformingValueIsAProviderBug) {
  this->provider_->plan_hook = [](const tfplugin::PlanResourceChangeRequest&,
                                  tfplugin::PlanResourceChangeResponse& resp) {
    resp.planned_state = cty::Value::Object({{"name", cty::Value::String("missing the rest")}});
  };
  auto resp = this->Plan(this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}})));
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), TypeParam::Diagnostic::ERROR);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Provider Produced Invalid Value");
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("planned_state"));
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("bug in the provider"));
  EXPECT_FALSE(resp.has_planned_state());  // never a present-but-empty value
}

TYPED_TEST(RpcTest, NullResultIsNilAndMarksAreStripped) {
  this->provider_->plan_hook = [](const tfplugin::PlanResourceChangeRequest&,
                                  tfplugin::PlanResourceChangeResponse& resp) {
    resp.planned_state = cty::Value();  // default: null
  };
  auto resp = this->Plan(this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}})));
  EXPECT_EQ(resp.diagnostics_size(), 0);
  ASSERT_TRUE(resp.has_planned_state());
  EXPECT_EQ(resp.planned_state().msgpack(), "\xc0");

  this->provider_->plan_hook = [](const tfplugin::PlanResourceChangeRequest& req,
                                  tfplugin::PlanResourceChangeResponse& out) {
    out.planned_state = ObjectWith(
        VpcType(), {{"name", req.config.GetAttr("name").Mark(cty::kMarkSensitive)}});
  };
  resp = this->Plan(this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}})));
  EXPECT_EQ(resp.diagnostics_size(), 0);
  auto planned = cty::msgpack::Unmarshal(resp.planned_state().msgpack(), VpcType());
  ASSERT_TRUE(planned.ok());
  EXPECT_EQ(planned.value().GetAttr("name").AsString(), "a");
}

TYPED_TEST(RpcTest, ExceptionBecomesInternalErrorDiagnostic) {
  this->provider_->throw_in_plan = true;
  typename TypeParam::PlanResourceChange::Response resp;
  grpc::ClientContext ctx;
  grpc::Status st = this->stub().PlanResourceChange(
      &ctx, this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str("a").bytes()}})), &resp);
  EXPECT_TRUE(st.ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Provider Internal Error");
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("PlanResourceChange"));
  EXPECT_THAT(resp.diagnostics(0).detail(), HasSubstr("plan exploded"));
  EXPECT_FALSE(resp.has_planned_state());
}

// --- the other RPCs -----------------------------------------------------------

TYPED_TEST(RpcTest, StopRoutesToStopProvider) {
  this->provider_->stop_error = "already stopping";
  typename TypeParam::Stop::Request req;
  typename TypeParam::Stop::Response resp;
  ASSERT_TRUE(CallRpc(this->stub(), TypeParam::kStop, req, &resp).ok());
  EXPECT_EQ(resp.error(), "already stopping");
  EXPECT_EQ(this->provider_->CountCalls("StopProvider"), 1);
}

TYPED_TEST(RpcTest, MoveResourceStateIsRefusedWithADiagnostic) {
  typename TypeParam::MoveResourceState::Request req;
  req.set_source_type_name("edp_old");
  req.set_target_type_name("edp_vpc");
  typename TypeParam::MoveResourceState::Response resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(this->stub().MoveResourceState(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Move Resource State Not Supported");
  EXPECT_FALSE(resp.has_target_state());
}

TYPED_TEST(RpcTest, ValidateAndConfigure) {
  const std::string provider_config = Msgpack().Map(2).Str("region").Str("eu-de").Str("token")
                                          .Raw(Bytes({0xd4, 0x00, 0x00})).bytes();
  {
    typename TypeParam::ValidateProviderConfig::Request req;
    *req.mutable_config() = this->Dv(provider_config);
    typename TypeParam::ValidateProviderConfig::Response resp;
    ASSERT_TRUE(CallRpc(this->stub(), TypeParam::kValidateProviderConfig, req, &resp).ok());
    EXPECT_EQ(resp.diagnostics_size(), 0);
    if constexpr (TypeParam::kVersion == 5) {
      EXPECT_FALSE(resp.has_prepared_config());
    }
    ASSERT_TRUE(this->provider_->last_validate_provider.has_value());
    EXPECT_EQ(this->provider_->last_validate_provider->config.GetAttr("region").AsString(),
              "eu-de");
    EXPECT_FALSE(this->provider_->last_validate_provider->config.GetAttr("token").IsKnown());
  }
  {
    typename TypeParam::ConfigureProvider::Request req;
    req.set_terraform_version("1.10.0");
    *req.mutable_config() = this->Dv(provider_config);
    req.mutable_client_capabilities()->set_write_only_attributes_allowed(true);
    typename TypeParam::ConfigureProvider::Response resp;
    ASSERT_TRUE(CallRpc(this->stub(), TypeParam::kConfigureProvider, req, &resp).ok());
    ASSERT_TRUE(this->provider_->last_configure.has_value());
    EXPECT_EQ(this->provider_->last_configure->terraform_version, "1.10.0");
    EXPECT_TRUE(this->provider_->last_configure->client_capabilities.write_only_attributes_allowed);
    EXPECT_FALSE(this->provider_->last_configure->client_capabilities.deferral_allowed);
  }
  {
    this->provider_->diags_to_return.AddAttributeWarning(cty::Path().GetAttr("cidr"), "W", "w");
    typename TypeParam::ValidateResourceConfig::Request req;
    req.set_type_name("edp_vpc");
    *req.mutable_config() = this->Dv(VpcMsgpack({{"name", Bytes({0xd4, 0x00, 0x00})}}));
    typename TypeParam::ValidateResourceConfig::Response resp;
    ASSERT_TRUE(CallRpc(this->stub(), TypeParam::kValidateResourceConfig, req, &resp).ok());
    ASSERT_EQ(resp.diagnostics_size(), 1);
    EXPECT_EQ(resp.diagnostics(0).attribute().steps(0).attribute_name(), "cidr");
    ASSERT_TRUE(this->provider_->last_validate_resource.has_value());
    EXPECT_EQ(this->provider_->last_validate_resource->type_name, "edp_vpc");
  }
  {
    typename TypeParam::ValidateDataResourceConfig::Request req;
    req.set_type_name("edp_image");
    *req.mutable_config() = this->Dv(Msgpack().Map(2).Str("id").Nil().Str("name").Str("x").bytes());
    typename TypeParam::ValidateDataResourceConfig::Response resp;
    ASSERT_TRUE(CallRpc(this->stub(), TypeParam::kValidateDataResourceConfig, req, &resp).ok());
    ASSERT_TRUE(this->provider_->last_validate_data.has_value());
    EXPECT_EQ(this->provider_->last_validate_data->config.GetAttr("name").AsString(), "x");
  }
}

TYPED_TEST(RpcTest, UpgradeResourceStatePassesRawStateThrough) {
  typename TypeParam::UpgradeResourceState::Request req;
  req.set_type_name("edp_vpc");
  req.set_version(1);
  req.mutable_raw_state()->set_json(R"({"id":"vpc-1","name":"n","removed_attr":true})");
  (*req.mutable_raw_state()->mutable_flatmap())["id"] = "vpc-1";
  typename TypeParam::UpgradeResourceState::Response resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(this->stub().UpgradeResourceState(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.diagnostics_size(), 0);
  ASSERT_TRUE(this->provider_->last_upgrade.has_value());
  EXPECT_EQ(this->provider_->last_upgrade->raw_state.json,
            R"({"id":"vpc-1","name":"n","removed_attr":true})");
  EXPECT_EQ(this->provider_->last_upgrade->raw_state.flatmap.at("id"), "vpc-1");
  EXPECT_EQ(this->provider_->last_upgrade->version, 1);
  auto v = cty::msgpack::Unmarshal(resp.upgraded_state().msgpack(), VpcType());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value().GetAttr("id").AsString(), "vpc-1");
}

TYPED_TEST(RpcTest, ReadApplyImportAndReadDataSource) {
  const std::string state = VpcMsgpack({{"id", Msgpack().Str("vpc-1").bytes()},
                                        {"name", Msgpack().Str("n").bytes()}});
  {
    typename TypeParam::ReadResource::Request req;
    req.set_type_name("edp_vpc");
    *req.mutable_current_state() = this->Dv(state);
    req.set_private_("blob");
    typename TypeParam::ReadResource::Response resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(this->stub().ReadResource(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.private_(), "blob");
    EXPECT_EQ(resp.new_state().msgpack(), state);  // same canonical encoding
    EXPECT_TRUE(this->provider_->last_read->provider_meta.IsNull());
  }
  {
    typename TypeParam::ApplyResourceChange::Request req;
    req.set_type_name("edp_vpc");
    *req.mutable_prior_state() = this->Dv("\xc0");
    *req.mutable_planned_state() = this->Dv(state);
    *req.mutable_config() = this->Dv(state);
    req.set_planned_private("pp");
    typename TypeParam::ApplyResourceChange::Response resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(this->stub().ApplyResourceChange(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.private_(), "pp");
    EXPECT_EQ(resp.new_state().msgpack(), state);
    EXPECT_TRUE(this->provider_->last_apply->prior_state.IsNull());
  }
  {
    typename TypeParam::ImportResourceState::Request req;
    req.set_type_name("edp_vpc");
    req.set_id("vpc-9");
    typename TypeParam::ImportResourceState::Response resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(this->stub().ImportResourceState(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.diagnostics_size(), 0);
    ASSERT_EQ(resp.imported_resources_size(), 1);
    EXPECT_EQ(resp.imported_resources(0).type_name(), "edp_vpc");
    EXPECT_EQ(resp.imported_resources(0).private_(), "imported");
    auto v = cty::msgpack::Unmarshal(resp.imported_resources(0).state().msgpack(), VpcType());
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v.value().GetAttr("id").AsString(), "vpc-9");
  }
  {
    typename TypeParam::ReadDataSource::Request req;
    req.set_type_name("edp_image");
    *req.mutable_config() = this->Dv(Msgpack().Map(2).Str("id").Nil().Str("name").Str("x").bytes());
    typename TypeParam::ReadDataSource::Response resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE(this->stub().ReadDataSource(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.diagnostics_size(), 0);
    EXPECT_EQ(resp.state().msgpack(),
              Msgpack().Map(2).Str("id").Str("img-1").Str("name").Str("x").bytes());
  }
}

TYPED_TEST(RpcTest, ImportedObjectsUseTheirOwnTypes) {
  this->provider_->import_hook = [](const tfplugin::ImportResourceStateRequest&,
                                    tfplugin::ImportResourceStateResponse& resp) {
    tfplugin::ImportedResource same;  // empty type name: the requested type
    same.state = ObjectWith(VpcType(), {{"id", cty::Value::String("a")}});
    resp.imported_resources.push_back(same);
    tfplugin::ImportedResource other;
    other.type_name = "edp_network";
    other.state = cty::Value::Object({{"id", cty::Value::String("n")},
                                      {"vpc_id", cty::Value::String("a")}});
    resp.imported_resources.push_back(other);
    tfplugin::ImportedResource unknown;
    unknown.type_name = "edp_bogus";
    unknown.state = cty::Value::EmptyObject();
    resp.imported_resources.push_back(unknown);
  };
  typename TypeParam::ImportResourceState::Request req;
  req.set_type_name("edp_vpc");
  req.set_id("a");
  typename TypeParam::ImportResourceState::Response resp;
  grpc::ClientContext ctx;
  ASSERT_TRUE(this->stub().ImportResourceState(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.imported_resources_size(), 2);
  EXPECT_EQ(resp.imported_resources(0).type_name(), "edp_vpc");
  EXPECT_EQ(resp.imported_resources(1).type_name(), "edp_network");
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).summary(), "Unknown Resource Type");
}

TYPED_TEST(RpcTest, ConcurrentPlansAreIndependent) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::string name = std::to_string(t);
        name += '-';
        name += std::to_string(i);
        auto resp = this->Plan(this->PlanRequest(VpcMsgpack({{"name", Msgpack().Str(name).bytes()}})));
        auto v = cty::msgpack::Unmarshal(resp.planned_state().msgpack(), VpcType());
        if (!v.ok() || v.value().GetAttr("name").AsString() != name) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

TYPED_TEST(RpcTest, LogsNameRpcAndTypeButNeverValues) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  tfplugin::log::Init("provider.test", fds[1]);
  tfplugin::log::SetLevel(tfplugin::log::Level::kTrace);
  auto resp = this->Plan(this->PlanRequest(
      VpcMsgpack({{"name", Msgpack().Str("n").bytes()},
                  {"secret", Msgpack().Str("hunter2-secret").bytes()}})));
  tfplugin::log::SetLevel(tfplugin::log::Level::kOff);
  tfplugin::log::Init("provider.test", 2);
  tfplugin::log::SetLevel(tfplugin::log::Level::kOff);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  close(fds[1]);
  EXPECT_EQ(resp.diagnostics_size(), 0);
  EXPECT_THAT(out, HasSubstr("\"tf_rpc\":\"PlanResourceChange\""));
  EXPECT_THAT(out, HasSubstr("\"tf_resource_type\":\"edp_vpc\""));
  EXPECT_THAT(out, Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace edp_test
