// Fuzz target: the input is a serialized tfplugin6 PlanResourceChange.Request
// fed through the protocol 6 (and 5) handlers of a host whose fake provider
// has a schema covering every decoder path (primitives, collections,
// structural types, dynamic, nested blocks of each nesting mode, a nested
// attribute type). Whatever the bytes, the handler must not crash, must
// answer OK, and must never emit a present-but-empty DynamicValue.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "services.h"
#include "tfplugin/provider.h"
#include "tfplugin5.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"

namespace {

using tfplugin::NestingMode;
using tfplugin::SchemaAttribute;

SchemaAttribute Attr(const char* name, cty::Type type, bool required, bool computed) {
  SchemaAttribute a;
  a.name = name;
  a.type = std::move(type);
  a.required = required;
  a.optional = !required && !computed;
  a.computed = computed;
  return a;
}

std::shared_ptr<tfplugin::SchemaBlock> Block(std::vector<SchemaAttribute> attrs) {
  auto b = std::make_shared<tfplugin::SchemaBlock>();
  b->attributes = std::move(attrs);
  return b;
}

tfplugin::SchemaNestedBlock Nested(const char* name, NestingMode mode,
                                   std::shared_ptr<tfplugin::SchemaBlock> block) {
  tfplugin::SchemaNestedBlock nb;
  nb.type_name = name;
  nb.nesting = mode;
  nb.block = std::move(block);
  return nb;
}

class FuzzProvider final : public tfplugin::Provider {
 public:
  tfplugin::GetProviderSchemaResponse GetProviderSchema() override {
    using T = cty::Type;
    tfplugin::GetProviderSchemaResponse r;
    tfplugin::Schema thing;
    thing.block.attributes = {
        Attr("id", T::String(), false, true),
        Attr("name", T::String(), true, false),
        Attr("count", T::Number(), false, false),
        Attr("flag", T::Bool(), false, false),
        Attr("tags", T::Map(T::String()), false, false),
        Attr("list", T::List(T::Number()), false, false),
        Attr("strings", T::Set(T::String()), false, false),
        Attr("any", T::Dynamic(), false, false),
        Attr("obj", T::Object({{"a", T::String()}, {"b", T::Number()}}), false, false),
        Attr("tup", T::Tuple({T::String(), T::Bool()}), false, false),
    };
    auto nested = std::make_shared<tfplugin::SchemaObject>();
    nested->nesting = NestingMode::kList;
    nested->attributes = {Attr("x", T::String(), false, false)};
    SchemaAttribute na;
    na.name = "nested";
    na.optional = true;
    na.nested = nested;
    thing.block.attributes.push_back(na);
    thing.block.block_types = {
        Nested("rule", NestingMode::kSet, Block({Attr("port", T::Number(), true, false)})),
        Nested("item", NestingMode::kList, Block({Attr("k", T::String(), false, false)})),
        Nested("single", NestingMode::kSingle, Block({Attr("v", T::String(), false, false)})),
        Nested("labeled", NestingMode::kMap, Block({Attr("v", T::String(), false, false)})),
        Nested("dyn", NestingMode::kList, Block({Attr("d", T::Dynamic(), false, false)})),
    };
    r.resource_schemas["fuzz_thing"] = thing;
    tfplugin::Schema meta;
    meta.block.attributes = {Attr("m", T::String(), false, false)};
    r.provider_meta = meta;
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
  void ReadResource(const tfplugin::ReadResourceRequest& req,
                    tfplugin::ReadResourceResponse& resp) override {
    resp.new_state = req.current_state;
  }
  // Echo the proposed state and, to exercise the diagnostic path encoder,
  // point a warning at every top-level attribute that is unknown.
  void PlanResourceChange(const tfplugin::PlanResourceChangeRequest& req,
                          tfplugin::PlanResourceChangeResponse& resp) override {
    resp.planned_state = req.proposed_new_state;
    resp.planned_private = req.prior_private;
    const cty::Value& v = req.config;
    if (v.IsKnown() && !v.IsNull() && v.type().IsObject()) {
      for (const auto& [name, attr] : v.Attributes()) {
        if (!attr.IsKnown()) {
          resp.diagnostics.AddAttributeWarning(cty::Path().GetAttr(name), "Unknown", name);
        }
      }
    }
  }
  void ApplyResourceChange(const tfplugin::ApplyResourceChangeRequest& req,
                           tfplugin::ApplyResourceChangeResponse& resp) override {
    resp.new_state = req.planned_state;
  }
  void ImportResourceState(const tfplugin::ImportResourceStateRequest&,
                           tfplugin::ImportResourceStateResponse&) override {}
  void ReadDataSource(const tfplugin::ReadDataSourceRequest&,
                      tfplugin::ReadDataSourceResponse&) override {}
  std::string StopProvider() override { return ""; }
};

struct Fixture {
  Fixture() {
    host = tfplugin::internal::NewProviderHost(std::make_shared<FuzzProvider>());
    v6_owner = tfplugin::internal::NewV6Service(host);
    v5_owner = tfplugin::internal::NewV5Service(host);
    v6 = static_cast<tfplugin6::Provider::Service*>(v6_owner.get());
    v5 = static_cast<tfplugin5::Provider::Service*>(v5_owner.get());
  }
  std::shared_ptr<tfplugin::internal::ProviderHost> host;
  std::unique_ptr<grpc::Service> v6_owner;
  std::unique_ptr<grpc::Service> v5_owner;
  tfplugin6::Provider::Service* v6;
  tfplugin5::Provider::Service* v5;
};

template <class DV>
void CheckValue(bool has, const DV& dv) {
  if (has && dv.msgpack().empty() && dv.json().empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();

  tfplugin6::PlanResourceChange::Request req6;
  if (!req6.ParseFromArray(data, static_cast<int>(size))) return 0;
  tfplugin6::PlanResourceChange::Response resp6;
  if (!fixture->v6->PlanResourceChange(nullptr, &req6, &resp6).ok()) std::abort();
  CheckValue(resp6.has_planned_state(), resp6.planned_state());

  // The same fields, same numbers, as the protocol 5 message.
  tfplugin5::PlanResourceChange::Request req5;
  if (req5.ParseFromArray(data, static_cast<int>(size))) {
    tfplugin5::PlanResourceChange::Response resp5;
    if (!fixture->v5->PlanResourceChange(nullptr, &req5, &resp5).ok()) std::abort();
    CheckValue(resp5.has_planned_state(), resp5.planned_state());
  }

  // Apply shares tags 1-6 with Plan (planned_state is tag 3 there).
  tfplugin6::ApplyResourceChange::Request apply;
  if (apply.ParseFromArray(data, static_cast<int>(size))) {
    tfplugin6::ApplyResourceChange::Response resp;
    if (!fixture->v6->ApplyResourceChange(nullptr, &apply, &resp).ok()) std::abort();
    CheckValue(resp.has_new_state(), resp.new_state());
  }
  return 0;
}
