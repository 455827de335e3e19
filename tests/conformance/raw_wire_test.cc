// Hostile and malformed requests sent with the raw generated gRPC stubs
// (nothing validated client-side): corrupt msgpack, wrong types, unknown
// type names, damaged JSON state, absurd nesting. The provider must answer
// each with error diagnostics, never crash, and keep serving.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "launch.h"
#include "tfplugin5.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"

namespace conformance {
namespace {

class RawWireTest : public ::testing::TestWithParam<Transport> {
 protected:
  void SetUp() override {
    dir_ = TempDir();
    std::vector<std::string> env = {"EDPTEST_STORE=" + dir_ + "/store.json"};
    if (GetParam().protocol == 5) env.push_back("EDPTEST_PROTOCOL5=1");
    std::string error;
    plugin_ = Launch(EDPTEST_PROVIDER_BIN, GetParam(), env, &error);
    ASSERT_TRUE(plugin_) << error;
  }
  void TearDown() override {
    if (!plugin_) return;
    EXPECT_FALSE(plugin_->client->Exited()) << "the provider died";
    plugin_->provider.reset();
    EXPECT_TRUE(plugin_->client->Kill().graceful);
    EXPECT_EQ(plugin_->log->SanitizerReport(), "");
    std::filesystem::remove_all(dir_);
  }
  std::shared_ptr<grpc::Channel> channel() { return plugin_->client->channel(); }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return ctx;
  }

  std::string dir_;
  std::unique_ptr<Plugin> plugin_;
};

// Payloads that must never be accepted as an edptest_thing object.
const std::string kCorrupt[] = {
    std::string("\xc1", 1),          // never-used msgpack byte
    std::string("\x81\xa4name", 6),  // map truncated after a key
    std::string("\xa3"
                "abc",
                4),                          // a string, not an object
    std::string("\x80", 1),                  // empty map: attributes missing
    std::string("\xdf\xff\xff\xff\xff", 5),  // map32 claiming 4 billion entries
    std::string(200000, '\x91'),             // absurdly deep arrays
    std::string("\xc7\x05\x0c\x01\x02", 5),  // truncated ext 12
};

template <typename Resp>
std::string FirstError(const Resp& resp) {
  for (const auto& d : resp.diagnostics()) {
    if (d.severity() == 1) return d.summary();
  }
  return "";
}

TEST_P(RawWireTest, MalformedRequestsGetDiagnostics) {
  if (GetParam().protocol == 6) {
    auto stub = tfplugin6::Provider::NewStub(channel());
    for (const auto& bytes : kCorrupt) {
      tfplugin6::PlanResourceChange::Request req;
      req.set_type_name("edptest_thing");
      req.mutable_prior_state()->set_msgpack(std::string("\xc0", 1));
      req.mutable_proposed_new_state()->set_msgpack(bytes);
      req.mutable_config()->set_msgpack(bytes);
      tfplugin6::PlanResourceChange::Response resp;
      grpc::Status st = stub->PlanResourceChange(Ctx().get(), req, &resp);
      ASSERT_TRUE(st.ok()) << st.error_message();
      EXPECT_NE(FirstError(resp), "") << "payload size " << bytes.size();

      tfplugin6::ApplyResourceChange::Request areq;
      areq.set_type_name("edptest_thing");
      areq.mutable_prior_state()->set_msgpack(bytes);
      areq.mutable_planned_state()->set_msgpack(bytes);
      areq.mutable_config()->set_msgpack(bytes);
      tfplugin6::ApplyResourceChange::Response aresp;
      ASSERT_TRUE(stub->ApplyResourceChange(Ctx().get(), areq, &aresp).ok());
      EXPECT_NE(FirstError(aresp), "");

      tfplugin6::ValidateResourceConfig::Request vreq;
      vreq.set_type_name("edptest_thing");
      vreq.mutable_config()->set_msgpack(bytes);
      tfplugin6::ValidateResourceConfig::Response vresp;
      ASSERT_TRUE(stub->ValidateResourceConfig(Ctx().get(), vreq, &vresp).ok());
      EXPECT_NE(FirstError(vresp), "");

      tfplugin6::ConfigureProvider::Request creq;
      creq.mutable_config()->set_msgpack(bytes);
      tfplugin6::ConfigureProvider::Response cresp;
      ASSERT_TRUE(stub->ConfigureProvider(Ctx().get(), creq, &cresp).ok());
      EXPECT_NE(FirstError(cresp), "");
    }
    // Unknown type names, damaged state JSON, empty import IDs.
    tfplugin6::ReadResource::Request rreq;
    rreq.set_type_name("edptest_nope");
    rreq.mutable_current_state()->set_msgpack(std::string("\xc0", 1));
    tfplugin6::ReadResource::Response rresp;
    ASSERT_TRUE(stub->ReadResource(Ctx().get(), rreq, &rresp).ok());
    EXPECT_EQ(FirstError(rresp), "Unknown Resource Type");

    tfplugin6::UpgradeResourceState::Request ureq;
    ureq.set_type_name("edptest_thing");
    ureq.set_version(2);
    ureq.mutable_raw_state()->set_json("{\"name\": [");
    tfplugin6::UpgradeResourceState::Response uresp;
    ASSERT_TRUE(stub->UpgradeResourceState(Ctx().get(), ureq, &uresp).ok());
    EXPECT_EQ(FirstError(uresp), "Invalid Resource State");

    tfplugin6::ImportResourceState::Request ireq;
    ireq.set_type_name("edptest_thing");
    tfplugin6::ImportResourceState::Response iresp;
    ASSERT_TRUE(stub->ImportResourceState(Ctx().get(), ireq, &iresp).ok());
    EXPECT_EQ(FirstError(iresp), "Missing Import ID");

    tfplugin6::ReadDataSource::Request dreq;
    dreq.set_type_name("edptest_echo");
    dreq.mutable_config()->set_msgpack(std::string("\x87\xa5input", 7));
    tfplugin6::ReadDataSource::Response dresp;
    ASSERT_TRUE(stub->ReadDataSource(Ctx().get(), dreq, &dresp).ok());
    EXPECT_NE(FirstError(dresp), "");

    // Still alive and answering.
    tfplugin6::GetProviderSchema::Request sreq;
    tfplugin6::GetProviderSchema::Response sresp;
    ASSERT_TRUE(stub->GetProviderSchema(Ctx().get(), sreq, &sresp).ok());
    EXPECT_EQ(FirstError(sresp), "");
  } else {
    auto stub = tfplugin5::Provider::NewStub(channel());
    for (const auto& bytes : kCorrupt) {
      tfplugin5::PlanResourceChange::Request req;
      req.set_type_name("edptest_thing");
      req.mutable_prior_state()->set_msgpack(std::string("\xc0", 1));
      req.mutable_proposed_new_state()->set_msgpack(bytes);
      req.mutable_config()->set_msgpack(bytes);
      tfplugin5::PlanResourceChange::Response resp;
      ASSERT_TRUE(stub->PlanResourceChange(Ctx().get(), req, &resp).ok());
      EXPECT_NE(FirstError(resp), "");

      tfplugin5::PrepareProviderConfig::Request preq;
      preq.mutable_config()->set_msgpack(bytes);
      tfplugin5::PrepareProviderConfig::Response presp;
      ASSERT_TRUE(stub->PrepareProviderConfig(Ctx().get(), preq, &presp).ok());
      EXPECT_NE(FirstError(presp), "");
    }
    tfplugin5::ReadResource::Request rreq;
    rreq.set_type_name("edptest_nope");
    rreq.mutable_current_state()->set_msgpack(std::string("\xc0", 1));
    tfplugin5::ReadResource::Response rresp;
    ASSERT_TRUE(stub->ReadResource(Ctx().get(), rreq, &rresp).ok());
    EXPECT_EQ(FirstError(rresp), "Unknown Resource Type");
    tfplugin5::GetProviderSchema::Request sreq;
    tfplugin5::GetProviderSchema::Response sresp;
    ASSERT_TRUE(stub->GetSchema(Ctx().get(), sreq, &sresp).ok());
    EXPECT_EQ(FirstError(sresp), "");
  }
}

INSTANTIATE_TEST_SUITE_P(Transports, RawWireTest,
                         ::testing::Values(Transport{6, false, true}, Transport{5, true, false}),
                         ParamName);

}  // namespace
}  // namespace conformance
