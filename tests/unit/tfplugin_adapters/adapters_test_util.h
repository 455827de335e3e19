// Test helpers for the tfplugin5/6 adapters: a recording fake Provider, a
// test schema, a tiny msgpack writer for hand-crafted wire bytes, an
// in-process gRPC server hosting both protocol services, and per-protocol
// traits so typed tests run once for v5 and once for v6.
#ifndef EDP_TESTS_UNIT_TFPLUGIN_ADAPTERS_TEST_UTIL_H_
#define EDP_TESTS_UNIT_TFPLUGIN_ADAPTERS_TEST_UTIL_H_

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "cty/json.h"
#include "cty/value.h"
#include "services.h"
#include "tfplugin/provider.h"
#include "tfplugin5.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"

namespace edp_test {

using tfplugin::NestingMode;
using tfplugin::SchemaAttribute;
using tfplugin::SchemaBlock;
using tfplugin::SchemaNestedBlock;

// ---------------------------------------------------------------------------
// Schema builders

inline SchemaAttribute Attr(std::string name, cty::Type type, bool required, bool optional,
                            bool computed) {
  SchemaAttribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.required = required;
  a.optional = optional;
  a.computed = computed;
  return a;
}
inline SchemaAttribute Required(std::string n, cty::Type t) { return Attr(n, t, true, false, false); }
inline SchemaAttribute Optional(std::string n, cty::Type t) { return Attr(n, t, false, true, false); }
inline SchemaAttribute Computed(std::string n, cty::Type t) { return Attr(n, t, false, false, true); }

// edp_vpc: id (computed string), name (required string), cidr (optional
// string), size (optional number), enabled (optional bool), tags (optional
// map(string)), secret (optional sensitive write-only string) and a list
// block "subnet" {name required string, zone optional string} (0..5).
inline tfplugin::Schema VpcSchema() {
  tfplugin::Schema s;
  s.version = 2;
  s.block.description = "A VPC.";
  s.block.attributes = {Computed("id", cty::Type::String()),
                        Required("name", cty::Type::String()),
                        Optional("cidr", cty::Type::String()),
                        Optional("size", cty::Type::Number()),
                        Optional("enabled", cty::Type::Bool()),
                        Optional("tags", cty::Type::Map(cty::Type::String())),
                        Optional("secret", cty::Type::String())};
  s.block.attributes[0].description = "The **ID**.";
  s.block.attributes[0].description_kind = tfplugin::StringKind::kMarkdown;
  s.block.attributes[2].deprecated = true;
  s.block.attributes[6].sensitive = true;
  s.block.attributes[6].write_only = true;
  auto subnet = std::make_shared<SchemaBlock>();
  subnet->attributes = {Required("name", cty::Type::String()),
                        Optional("zone", cty::Type::String())};
  SchemaNestedBlock nb;
  nb.type_name = "subnet";
  nb.block = subnet;
  nb.nesting = NestingMode::kList;
  nb.min_items = 0;
  nb.max_items = 5;
  s.block.block_types.push_back(nb);
  return s;
}

// edp_nested: a protocol-6 nested attribute "rules" (list of {port number}).
inline tfplugin::Schema NestedSchema() {
  tfplugin::Schema s;
  s.block.attributes = {Computed("id", cty::Type::String())};
  auto obj = std::make_shared<tfplugin::SchemaObject>();
  obj->nesting = NestingMode::kList;
  obj->attributes = {Required("port", cty::Type::Number())};
  SchemaAttribute rules;
  rules.name = "rules";
  rules.optional = true;
  rules.nested = obj;
  s.block.attributes.push_back(rules);
  return s;
}

inline tfplugin::GetProviderSchemaResponse TestSchema(bool with_nested) {
  tfplugin::GetProviderSchemaResponse r;
  r.provider.block.attributes = {Optional("region", cty::Type::String()),
                                 Optional("token", cty::Type::String())};
  r.provider.block.attributes[1].sensitive = true;
  tfplugin::Schema meta;
  meta.block.attributes = {Optional("module_name", cty::Type::String())};
  r.provider_meta = meta;
  r.resource_schemas["edp_vpc"] = VpcSchema();
  tfplugin::Schema net;
  net.block.attributes = {Computed("id", cty::Type::String()),
                          Required("vpc_id", cty::Type::String())};
  r.resource_schemas["edp_network"] = net;
  if (with_nested) r.resource_schemas["edp_nested"] = NestedSchema();
  tfplugin::Schema image;
  image.block.attributes = {Required("name", cty::Type::String()),
                            Computed("id", cty::Type::String())};
  r.data_source_schemas["edp_image"] = image;
  r.capabilities.plan_destroy = true;
  r.capabilities.get_provider_schema_optional = true;
  r.capabilities.move_resource_state = true;  // the host must not advertise it
  return r;
}

inline cty::Type VpcType() { return VpcSchema().block.ImpliedType(); }

// An object of `type` with every attribute null except `set` (list/set/map
// blocks become empty collections as Terraform sends them).
inline cty::Value ObjectWith(const cty::Type& type, std::map<std::string, cty::Value> set) {
  std::map<std::string, cty::Value> attrs;
  for (const auto& [name, t] : type.attributes()) {
    auto it = set.find(name);
    if (it != set.end()) {
      attrs.emplace(name, it->second);
    } else if (t.IsList()) {
      attrs.emplace(name, cty::Value::EmptyList(t.element()));
    } else {
      attrs.emplace(name, cty::Value::Null(t));
    }
  }
  return cty::Value::ObjectOf(type, std::move(attrs));
}

// ---------------------------------------------------------------------------
// Fake provider

class FakeProvider : public tfplugin::Provider {
 public:
  explicit FakeProvider(tfplugin::GetProviderSchemaResponse schema) : schema_(std::move(schema)) {}

  tfplugin::GetProviderSchemaResponse GetProviderSchema() override {
    Record("GetProviderSchema");
    if (throw_on_schema) throw std::runtime_error("schema exploded");
    return schema_;
  }
  void ValidateProviderConfig(const tfplugin::ValidateProviderConfigRequest& req,
                              tfplugin::ValidateProviderConfigResponse& resp) override {
    Record("ValidateProviderConfig");
    Store(&last_validate_provider, req);
    resp.diagnostics = diags_to_return;
  }
  void ValidateResourceConfig(const tfplugin::ValidateResourceConfigRequest& req,
                              tfplugin::ValidateResourceConfigResponse& resp) override {
    Record("ValidateResourceConfig");
    Store(&last_validate_resource, req);
    resp.diagnostics = diags_to_return;
  }
  void ValidateDataResourceConfig(const tfplugin::ValidateDataResourceConfigRequest& req,
                                  tfplugin::ValidateDataResourceConfigResponse& resp) override {
    Record("ValidateDataResourceConfig");
    Store(&last_validate_data, req);
    resp.diagnostics = diags_to_return;
  }
  void UpgradeResourceState(const tfplugin::UpgradeResourceStateRequest& req,
                            tfplugin::UpgradeResourceStateResponse& resp) override {
    Record("UpgradeResourceState");
    Store(&last_upgrade, req);
    const cty::Type t = schema_.resource_schemas.at(req.type_name).block.ImpliedType();
    cty::json::UnmarshalOptions opts;
    opts.ignore_unknown_attributes = true;
    auto v = cty::json::Unmarshal(req.raw_state.json, t, opts);
    if (v.ok()) {
      resp.upgraded_state = v.value();
    } else {
      resp.diagnostics.AddError("Bad State", v.error().ToString());
    }
  }
  void ConfigureProvider(const tfplugin::ConfigureProviderRequest& req,
                         tfplugin::ConfigureProviderResponse& resp) override {
    Record("ConfigureProvider");
    Store(&last_configure, req);
    resp.diagnostics = diags_to_return;
  }
  void ReadResource(const tfplugin::ReadResourceRequest& req,
                    tfplugin::ReadResourceResponse& resp) override {
    Record("ReadResource");
    Store(&last_read, req);
    resp.new_state = req.current_state;
    resp.private_data = req.private_data;
    resp.diagnostics = diags_to_return;
  }
  void PlanResourceChange(const tfplugin::PlanResourceChangeRequest& req,
                          tfplugin::PlanResourceChangeResponse& resp) override {
    Record("PlanResourceChange");
    Store(&last_plan, req);
    if (throw_in_plan) throw std::runtime_error("plan exploded");
    resp.planned_state = req.proposed_new_state;
    resp.planned_private = req.prior_private;
    resp.diagnostics = diags_to_return;
    if (plan_hook) plan_hook(req, resp);
  }
  void ApplyResourceChange(const tfplugin::ApplyResourceChangeRequest& req,
                           tfplugin::ApplyResourceChangeResponse& resp) override {
    Record("ApplyResourceChange");
    Store(&last_apply, req);
    resp.new_state = req.planned_state;
    resp.private_data = req.planned_private;
    resp.diagnostics = diags_to_return;
  }
  void ImportResourceState(const tfplugin::ImportResourceStateRequest& req,
                           tfplugin::ImportResourceStateResponse& resp) override {
    Record("ImportResourceState");
    Store(&last_import, req);
    if (import_hook) {
      import_hook(req, resp);
      return;
    }
    tfplugin::ImportedResource r;
    r.type_name = req.type_name;
    const cty::Type t = schema_.resource_schemas.at(req.type_name).block.ImpliedType();
    r.state = ObjectWith(t, {{"id", cty::Value::String(req.id)}});
    r.private_data = "imported";
    resp.imported_resources.push_back(r);
  }
  void ReadDataSource(const tfplugin::ReadDataSourceRequest& req,
                      tfplugin::ReadDataSourceResponse& resp) override {
    Record("ReadDataSource");
    Store(&last_read_data, req);
    resp.state = ObjectWith(req.config.type(), {{"name", req.config.GetAttr("name")},
                                                {"id", cty::Value::String("img-1")}});
    resp.diagnostics = diags_to_return;
  }
  std::string StopProvider() override {
    Record("StopProvider");
    return stop_error;
  }

  // Names of the methods called, in order.
  std::vector<std::string> calls() const {
    std::lock_guard<std::mutex> l(mu_);
    return calls_;
  }
  int CountCalls(const std::string& name) const {
    int n = 0;
    for (const auto& c : calls()) n += c == name ? 1 : 0;
    return n;
  }

  // Knobs.
  bool throw_on_schema = false;
  bool throw_in_plan = false;
  tfplugin::Diagnostics diags_to_return;
  std::string stop_error;
  std::function<void(const tfplugin::PlanResourceChangeRequest&,
                     tfplugin::PlanResourceChangeResponse&)>
      plan_hook;
  std::function<void(const tfplugin::ImportResourceStateRequest&,
                     tfplugin::ImportResourceStateResponse&)>
      import_hook;

  // Last requests seen.
  std::optional<tfplugin::ValidateProviderConfigRequest> last_validate_provider;
  std::optional<tfplugin::ValidateResourceConfigRequest> last_validate_resource;
  std::optional<tfplugin::ValidateDataResourceConfigRequest> last_validate_data;
  std::optional<tfplugin::UpgradeResourceStateRequest> last_upgrade;
  std::optional<tfplugin::ConfigureProviderRequest> last_configure;
  std::optional<tfplugin::ReadResourceRequest> last_read;
  std::optional<tfplugin::PlanResourceChangeRequest> last_plan;
  std::optional<tfplugin::ApplyResourceChangeRequest> last_apply;
  std::optional<tfplugin::ImportResourceStateRequest> last_import;
  std::optional<tfplugin::ReadDataSourceRequest> last_read_data;

 private:
  template <class T>
  void Store(std::optional<T>* slot, const T& value) {
    std::lock_guard<std::mutex> l(mu_);
    *slot = value;
  }
  void Record(const char* name) {
    std::lock_guard<std::mutex> l(mu_);
    calls_.push_back(name);
  }

  tfplugin::GetProviderSchemaResponse schema_;
  mutable std::mutex mu_;
  std::vector<std::string> calls_;
};

// ---------------------------------------------------------------------------
// msgpack writer for hand-crafted wire bytes

class Msgpack {
 public:
  Msgpack& Map(size_t n) { return Byte(static_cast<uint8_t>(0x80 | n)); }  // n < 16
  Msgpack& Array(size_t n) { return Byte(static_cast<uint8_t>(0x90 | n)); }  // n < 16
  Msgpack& Str(const std::string& s) {  // len < 32
    Byte(static_cast<uint8_t>(0xa0 | s.size()));
    out_ += s;
    return *this;
  }
  Msgpack& Nil() { return Byte(0xc0); }
  Msgpack& Bool(bool b) { return Byte(b ? 0xc3 : 0xc2); }
  Msgpack& FixInt(uint8_t v) { return Byte(v & 0x7f); }
  Msgpack& Uint64(uint64_t v) {
    Byte(0xcf);
    for (int i = 7; i >= 0; --i) Byte(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  Msgpack& Float64(double d) {
    uint64_t bits;
    static_assert(sizeof bits == sizeof d);
    std::memcpy(&bits, &d, sizeof bits);
    Byte(0xcb);
    for (int i = 7; i >= 0; --i) Byte(static_cast<uint8_t>(bits >> (8 * i)));
    return *this;
  }
  Msgpack& Raw(const std::string& bytes) {
    out_ += bytes;
    return *this;
  }
  const std::string& bytes() const { return out_; }

 private:
  Msgpack& Byte(uint8_t b) {
    out_.push_back(static_cast<char>(b));
    return *this;
  }
  std::string out_;
};

// msgpack of an edp_vpc object: attributes in sorted order, each given as
// raw msgpack bytes; unspecified attributes are nil (subnet: empty array).
inline std::string VpcMsgpack(const std::map<std::string, std::string>& raw) {
  std::map<std::string, std::string> all = {{"cidr", "\xc0"},   {"enabled", "\xc0"},
                                            {"id", "\xc0"},     {"name", "\xc0"},
                                            {"secret", "\xc0"}, {"size", "\xc0"},
                                            {"subnet", "\x90"}, {"tags", "\xc0"}};
  for (const auto& [k, v] : raw) all[k] = v;
  Msgpack m;
  m.Map(all.size());
  for (const auto& [k, v] : all) m.Str(k).Raw(v);
  return m.bytes();
}

inline std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

// ---------------------------------------------------------------------------
// In-process server with both services

class Harness {
 public:
  explicit Harness(std::shared_ptr<FakeProvider> p) : provider(std::move(p)) {
    host = tfplugin::internal::NewProviderHost(provider);
    v5_service = tfplugin::internal::NewV5Service(host);
    v6_service = tfplugin::internal::NewV6Service(host);
    grpc::ServerBuilder builder;
    builder.RegisterService(v5_service.get());
    builder.RegisterService(v6_service.get());
    server = builder.BuildAndStart();
    channel = server->InProcessChannel(grpc::ChannelArguments());
    v5 = tfplugin5::Provider::NewStub(channel);
    v6 = tfplugin6::Provider::NewStub(channel);
  }
  ~Harness() {
    if (server) server->Shutdown();
  }

  std::shared_ptr<FakeProvider> provider;
  std::shared_ptr<tfplugin::internal::ProviderHost> host;
  std::unique_ptr<grpc::Service> v5_service;
  std::unique_ptr<grpc::Service> v6_service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<tfplugin5::Provider::Stub> v5;
  std::unique_ptr<tfplugin6::Provider::Stub> v6;
};

// ---------------------------------------------------------------------------
// Per-protocol traits for typed tests

// Message types that are named the same in both protocols, and wrappers for
// the methods whose names differ.
#define EDP_TEST_PROTOCOL_TRAITS(NS)                                                   \
  using Stub = NS::Provider::Stub;                                                     \
  using DynamicValue = NS::DynamicValue;                                               \
  using Diagnostic = NS::Diagnostic;                                                   \
  using AttributePath = NS::AttributePath;                                             \
  using GetSchema = NS::GetProviderSchema;                                             \
  using Metadata = NS::ProviderMetadata;                                               \
  using UpgradeResourceState = NS::UpgradeResourceState;                               \
  using ReadResource = NS::ReadResource;                                               \
  using PlanResourceChange = NS::PlanResourceChange;                                   \
  using ApplyResourceChange = NS::ApplyResourceChange;                                 \
  using ImportResourceState = NS::ImportResourceState;                                 \
  using MoveResourceState = NS::MoveResourceState;                                     \
  using ReadDataSource = NS::ReadDataSource;                                           \
  using GetResourceIdentitySchemas = NS::GetResourceIdentitySchemas;                   \
  using GetFunctions = NS::GetFunctions;                                               \
  using CallFunction = NS::CallFunction;                                               \
  using OpenEphemeralResource = NS::OpenEphemeralResource;                             \
  using Schema = NS::Schema;

struct P5 {
  static constexpr int kVersion = 5;
  EDP_TEST_PROTOCOL_TRAITS(::tfplugin5)
  using ValidateProviderConfig = ::tfplugin5::PrepareProviderConfig;
  using ValidateResourceConfig = ::tfplugin5::ValidateResourceTypeConfig;
  using ValidateDataResourceConfig = ::tfplugin5::ValidateDataSourceConfig;
  using ConfigureProvider = ::tfplugin5::Configure;
  using Stop = ::tfplugin5::Stop;
  static Stub& stub(Harness& h) { return *h.v5; }
  static constexpr auto kGetSchema = &Stub::GetSchema;
  static constexpr auto kValidateProviderConfig = &Stub::PrepareProviderConfig;
  static constexpr auto kValidateResourceConfig = &Stub::ValidateResourceTypeConfig;
  static constexpr auto kValidateDataResourceConfig = &Stub::ValidateDataSourceConfig;
  static constexpr auto kConfigureProvider = &Stub::Configure;
  static constexpr auto kStop = &Stub::Stop;
};

struct P6 {
  static constexpr int kVersion = 6;
  EDP_TEST_PROTOCOL_TRAITS(::tfplugin6)
  using ValidateProviderConfig = ::tfplugin6::ValidateProviderConfig;
  using ValidateResourceConfig = ::tfplugin6::ValidateResourceConfig;
  using ValidateDataResourceConfig = ::tfplugin6::ValidateDataResourceConfig;
  using ConfigureProvider = ::tfplugin6::ConfigureProvider;
  using Stop = ::tfplugin6::StopProvider;
  static Stub& stub(Harness& h) { return *h.v6; }
  static constexpr auto kGetSchema = &Stub::GetProviderSchema;
  static constexpr auto kValidateProviderConfig = &Stub::ValidateProviderConfig;
  static constexpr auto kValidateResourceConfig = &Stub::ValidateResourceConfig;
  static constexpr auto kValidateDataResourceConfig = &Stub::ValidateDataResourceConfig;
  static constexpr auto kConfigureProvider = &Stub::ConfigureProvider;
  static constexpr auto kStop = &Stub::StopProvider;
};

#undef EDP_TEST_PROTOCOL_TRAITS

// Calls stub method `fn` on a fresh context; returns the status.
template <class Stub, class Req, class Resp>
grpc::Status CallRpc(Stub& stub, grpc::Status (Stub::*fn)(grpc::ClientContext*, const Req&, Resp*),
                     const Req& req, Resp* resp) {
  grpc::ClientContext ctx;
  return (stub.*fn)(&ctx, req, resp);
}

}  // namespace edp_test

#endif  // EDP_TESTS_UNIT_TFPLUGIN_ADAPTERS_TEST_UTIL_H_
