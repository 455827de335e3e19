// from_proto: tfplugin5/tfplugin6 protobuf messages -> protocol-neutral
// tfplugin structs (provider.h).
//
// Server side: decode requests. Every DynamicValue is decoded with the
// implied type of its schema (msgpack; json when msgpack is empty; null when
// the message is absent or both are empty). A value that fails to decode
// adds an error diagnostic naming the field ("Invalid msgpack in config:
// <cty error>") and the converter returns false: the caller must not call the
// provider then.
// Client side (GrpcProviderClient): decode responses and schemas the same
// way; undecodable values are reported as plugin bugs.
//
// The converters are templates over the generated message types: protocol 5
// and 6 messages have the same accessors wherever the RPCs correspond, so
// each conversion is written once. Converters for the same RPC are overloads
// told apart by the neutral output type (request vs response).
//
// Thread safety: pure functions.
#ifndef EDP_TFPLUGIN_SRC_FROM_PROTO_H_
#define EDP_TFPLUGIN_SRC_FROM_PROTO_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "cty/path.h"
#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"
#include "provider_host.h"
#include "tfplugin/diagnostics.h"
#include "tfplugin/provider.h"
#include "tfplugin/schema.h"

namespace tfplugin::internal::from_proto {

// Which side produced the bytes: decides the wording of decode errors.
enum class Origin {
  kClientRequest,   // a request from tofu: "Invalid Request Value"
  kPluginResponse,  // a response from a plugin: "Invalid Plugin Response"
};

// ---------------------------------------------------------------------------
// Values, paths, diagnostics (shared by both sides)

// Decodes a DynamicValue: absent -> null of `type`; non-empty msgpack ->
// cty msgpack; else non-empty json -> cty JSON; else null. The decoded value
// must conform to `type` (the msgpack empty-map quirk is caught here).
cty::Result<cty::Value> DecodeDynamicValue(bool present, std::string_view msgpack,
                                           std::string_view json, const cty::Type& type);

// DecodeDynamicValue plus the diagnostic on failure. `field` is the protobuf
// field name ("config"), `what` names the block ("resource type \"x\"").
bool DecodeField(bool present, std::string_view msgpack, std::string_view json,
                 const cty::Type& type, std::string_view field, std::string_view what,
                 Origin origin, cty::Value* out, Diagnostics* diags);

// True if a value of type `have` may stand where `want` is expected: equal,
// or `want` is Dynamic at the differing positions.
bool TypeConforms(const cty::Type& have, const cty::Type& want);

// "resource type \"x\"", "data source type \"x\"", "provider configuration".
std::string Describe(const SchemaEntry& entry, std::string_view kind);

template <class DV>
const DV* Present(bool has, const DV& value) {
  return has ? &value : nullptr;
}

template <class DV>
bool ConvertValue(const DV* dv, const cty::Type& type, std::string_view field,
                  std::string_view what, Origin origin, cty::Value* out, Diagnostics* diags) {
  if (dv == nullptr) return DecodeField(false, {}, {}, type, field, what, origin, out, diags);
  return DecodeField(true, dv->msgpack(), dv->json(), type, field, what, origin, out, diags);
}

// provider_meta: decoded with the provider_meta schema if there is one;
// otherwise ignored (left as a null of type Dynamic).
template <class DV>
bool ConvertProviderMeta(const ProviderHost& host, const DV* dv, Origin origin, cty::Value* out,
                         Diagnostics* diags) {
  const SchemaEntry* meta = host.provider_meta();
  if (meta == nullptr) {
    *out = cty::Value();
    return true;
  }
  return ConvertValue(dv, meta->type, "provider_meta", "the provider_meta block", origin, out,
                      diags);
}

template <class CC>
ClientCapabilities ConvertCapabilities(const CC& in) {
  ClientCapabilities out;
  out.deferral_allowed = in.deferral_allowed();
  out.write_only_attributes_allowed = in.write_only_attributes_allowed();
  return out;
}

// AttributePath -> cty::Path (attribute_name -> GetAttr, element_key_int ->
// Index(int), element_key_string -> Index(string); an empty step ends it).
template <class AP>
cty::Path ConvertPath(const AP& in) {
  cty::Path out;
  for (const auto& step : in.steps()) {
    if (step.has_attribute_name()) {
      out.steps().push_back(cty::PathStep::GetAttr(step.attribute_name()));
    } else if (step.has_element_key_string()) {
      out.steps().push_back(cty::PathStep::Index(std::string(step.element_key_string())));
    } else if (step.has_element_key_int()) {
      out.steps().push_back(cty::PathStep::Index(static_cast<int64_t>(step.element_key_int())));
    } else {
      break;
    }
  }
  return out;
}

// Appends protobuf diagnostics. INVALID severity (never valid on the wire)
// is read as an error.
template <class Repeated>
void ConvertDiagnostics(const Repeated& in, Diagnostics* out) {
  for (const auto& d : in) {
    Diagnostic diag;
    using PD = std::decay_t<decltype(d)>;
    diag.severity = d.severity() == PD::WARNING ? Severity::kWarning : Severity::kError;
    diag.summary = d.summary();
    diag.detail = d.detail();
    if (d.has_attribute()) diag.attribute = ConvertPath(d.attribute());
    out->Add(std::move(diag));
  }
}

// ---------------------------------------------------------------------------
// Server side: requests

template <class Req>
bool ValidateProviderConfig(const ProviderHost& host, const Req& in,
                            ValidateProviderConfigRequest* out, Diagnostics* diags) {
  return ConvertValue(Present(in.has_config(), in.config()), host.provider_config().type, "config",
                      "the provider configuration", Origin::kClientRequest, &out->config, diags);
}

template <class Req>
bool ValidateResourceConfig(const SchemaEntry& entry, const Req& in,
                            ValidateResourceConfigRequest* out, Diagnostics* diags) {
  out->type_name = in.type_name();
  out->client_capabilities = ConvertCapabilities(in.client_capabilities());
  return ConvertValue(Present(in.has_config(), in.config()), entry.type, "config",
                      Describe(entry, "resource"), Origin::kClientRequest, &out->config, diags);
}

template <class Req>
bool ValidateDataResourceConfig(const SchemaEntry& entry, const Req& in,
                                ValidateDataResourceConfigRequest* out, Diagnostics* diags) {
  out->type_name = in.type_name();
  return ConvertValue(Present(in.has_config(), in.config()), entry.type, "config",
                      Describe(entry, "data source"), Origin::kClientRequest, &out->config, diags);
}

// The raw state is passed through undecoded: the provider decodes it with
// whatever schema version wrote it.
template <class Req>
bool UpgradeResourceState(const Req& in, UpgradeResourceStateRequest* out) {
  out->type_name = in.type_name();
  out->version = in.version();
  if (in.has_raw_state()) {
    out->raw_state.json = in.raw_state().json();
    for (const auto& [k, v] : in.raw_state().flatmap()) out->raw_state.flatmap.emplace(k, v);
  }
  return true;
}

template <class Req>
bool ConfigureProvider(const ProviderHost& host, const Req& in, ConfigureProviderRequest* out,
                       Diagnostics* diags) {
  out->terraform_version = in.terraform_version();
  out->client_capabilities = ConvertCapabilities(in.client_capabilities());
  return ConvertValue(Present(in.has_config(), in.config()), host.provider_config().type, "config",
                      "the provider configuration", Origin::kClientRequest, &out->config, diags);
}

template <class Req>
bool ReadResource(const ProviderHost& host, const SchemaEntry& entry, const Req& in,
                  ReadResourceRequest* out, Diagnostics* diags) {
  out->type_name = in.type_name();
  out->private_data = in.private_();
  out->client_capabilities = ConvertCapabilities(in.client_capabilities());
  const std::string what = Describe(entry, "resource");
  bool ok = ConvertValue(Present(in.has_current_state(), in.current_state()), entry.type,
                         "current_state", what, Origin::kClientRequest, &out->current_state, diags);
  ok &= ConvertProviderMeta(host, Present(in.has_provider_meta(), in.provider_meta()),
                            Origin::kClientRequest, &out->provider_meta, diags);
  return ok;
}

template <class Req>
bool PlanResourceChange(const ProviderHost& host, const SchemaEntry& entry, const Req& in,
                        PlanResourceChangeRequest* out, Diagnostics* diags) {
  out->type_name = in.type_name();
  out->prior_private = in.prior_private();
  out->client_capabilities = ConvertCapabilities(in.client_capabilities());
  const std::string what = Describe(entry, "resource");
  constexpr Origin o = Origin::kClientRequest;
  bool ok = ConvertValue(Present(in.has_prior_state(), in.prior_state()), entry.type,
                         "prior_state", what, o, &out->prior_state, diags);
  ok &= ConvertValue(Present(in.has_proposed_new_state(), in.proposed_new_state()), entry.type,
                     "proposed_new_state", what, o, &out->proposed_new_state, diags);
  ok &= ConvertValue(Present(in.has_config(), in.config()), entry.type, "config", what, o,
                     &out->config, diags);
  ok &= ConvertProviderMeta(host, Present(in.has_provider_meta(), in.provider_meta()), o,
                            &out->provider_meta, diags);
  return ok;
}

template <class Req>
bool ApplyResourceChange(const ProviderHost& host, const SchemaEntry& entry, const Req& in,
                         ApplyResourceChangeRequest* out, Diagnostics* diags) {
  out->type_name = in.type_name();
  out->planned_private = in.planned_private();
  const std::string what = Describe(entry, "resource");
  constexpr Origin o = Origin::kClientRequest;
  bool ok = ConvertValue(Present(in.has_prior_state(), in.prior_state()), entry.type,
                         "prior_state", what, o, &out->prior_state, diags);
  ok &= ConvertValue(Present(in.has_planned_state(), in.planned_state()), entry.type,
                     "planned_state", what, o, &out->planned_state, diags);
  ok &= ConvertValue(Present(in.has_config(), in.config()), entry.type, "config", what, o,
                     &out->config, diags);
  ok &= ConvertProviderMeta(host, Present(in.has_provider_meta(), in.provider_meta()), o,
                            &out->provider_meta, diags);
  return ok;
}

template <class Req>
bool ImportResourceState(const Req& in, ImportResourceStateRequest* out) {
  out->type_name = in.type_name();
  out->id = in.id();
  out->client_capabilities = ConvertCapabilities(in.client_capabilities());
  return true;
}

template <class Req>
bool ReadDataSource(const ProviderHost& host, const SchemaEntry& entry, const Req& in,
                    ReadDataSourceRequest* out, Diagnostics* diags) {
  out->type_name = in.type_name();
  out->client_capabilities = ConvertCapabilities(in.client_capabilities());
  bool ok = ConvertValue(Present(in.has_config(), in.config()), entry.type, "config",
                         Describe(entry, "data source"), Origin::kClientRequest, &out->config,
                         diags);
  ok &= ConvertProviderMeta(host, Present(in.has_provider_meta(), in.provider_meta()),
                            Origin::kClientRequest, &out->provider_meta, diags);
  return ok;
}

// ---------------------------------------------------------------------------
// Client side: schemas and responses

namespace detail {

template <class PKind>
StringKind ConvertStringKind(PKind k) {
  return static_cast<int>(k) == 1 ? StringKind::kMarkdown : StringKind::kPlain;
}

// NestingMode enum values are the same numbers in every protocol message:
// SINGLE=1, LIST=2, SET=3, MAP=4, GROUP=5 (INVALID=0 is read as single).
inline NestingMode ConvertNesting(int mode) {
  switch (mode) {
    case 2: return NestingMode::kList;
    case 3: return NestingMode::kSet;
    case 4: return NestingMode::kMap;
    case 5: return NestingMode::kGroup;
    default: return NestingMode::kSingle;
  }
}

template <class PAttr>
bool ConvertAttribute(const PAttr& in, std::string_view where, SchemaAttribute* out,
                      Diagnostics* diags);

template <class PObject>
bool ConvertObject(const PObject& in, std::string_view where, SchemaObject* out,
                   Diagnostics* diags) {
  bool ok = true;
  out->nesting = ConvertNesting(static_cast<int>(in.nesting()));
  for (const auto& a : in.attributes()) {
    SchemaAttribute attr;
    ok &= ConvertAttribute(a, where, &attr, diags);
    out->attributes.push_back(std::move(attr));
  }
  return ok;
}

template <class PAttr>
bool ConvertAttribute(const PAttr& in, std::string_view where, SchemaAttribute* out,
                      Diagnostics* diags) {
  bool ok = true;
  out->name = in.name();
  out->description = in.description();
  out->description_kind = ConvertStringKind(in.description_kind());
  out->required = in.required();
  out->optional = in.optional();
  out->computed = in.computed();
  out->sensitive = in.sensitive();
  out->deprecated = in.deprecated();
  out->write_only = in.write_only();
  if constexpr (requires { in.nested_type(); }) {
    if (in.has_nested_type()) {
      auto obj = std::make_shared<SchemaObject>();
      ok &= ConvertObject(in.nested_type(), where, obj.get(), diags);
      out->nested = std::move(obj);
      return ok;
    }
  }
  cty::Result<cty::Type> t = cty::Type::FromJSON(in.type());
  if (!t.ok()) {
    diags->AddError("Invalid Provider Schema",
                    "The plugin's schema for " + std::string(where) + " gives attribute \"" +
                        in.name() + "\" an invalid type: " + t.error().ToString() +
                        ". This is a bug in the plugin.");
    return false;
  }
  out->type = t.value();
  return ok;
}

template <class PBlock>
bool ConvertBlock(const PBlock& in, std::string_view where, SchemaBlock* out, Diagnostics* diags) {
  bool ok = true;
  out->description = in.description();
  out->description_kind = ConvertStringKind(in.description_kind());
  out->deprecated = in.deprecated();
  for (const auto& a : in.attributes()) {
    SchemaAttribute attr;
    ok &= ConvertAttribute(a, where, &attr, diags);
    out->attributes.push_back(std::move(attr));
  }
  for (const auto& b : in.block_types()) {
    SchemaNestedBlock nb;
    nb.type_name = b.type_name();
    nb.nesting = ConvertNesting(static_cast<int>(b.nesting()));
    nb.min_items = b.min_items();
    nb.max_items = b.max_items();
    auto block = std::make_shared<SchemaBlock>();
    ok &= ConvertBlock(b.block(), where, block.get(), diags);
    nb.block = std::move(block);
    out->block_types.push_back(std::move(nb));
  }
  return ok;
}

}  // namespace detail

// Protocol schema -> neutral schema. Type expressions that don't parse are
// reported as "Invalid Provider Schema" errors (`where` names the block).
// Attributes with nested types (protocol 6) become SchemaAttribute::nested.
template <class PSchema>
bool ConvertSchema(const PSchema& in, std::string_view where, Schema* out, Diagnostics* diags) {
  out->version = in.version();
  return detail::ConvertBlock(in.block(), where, &out->block, diags);
}

// Values from a plugin response. `entry` gives the type.
template <class Resp>
void UpgradeResourceState(const SchemaEntry& entry, const Resp& in,
                          UpgradeResourceStateResponse* out) {
  ConvertDiagnostics(in.diagnostics(), &out->diagnostics);
  ConvertValue(Present(in.has_upgraded_state(), in.upgraded_state()), entry.type,
               "upgraded_state", Describe(entry, "resource"), Origin::kPluginResponse,
               &out->upgraded_state, &out->diagnostics);
}

template <class Resp>
void ReadResource(const SchemaEntry& entry, const Resp& in, ReadResourceResponse* out) {
  ConvertDiagnostics(in.diagnostics(), &out->diagnostics);
  out->private_data = in.private_();
  ConvertValue(Present(in.has_new_state(), in.new_state()), entry.type, "new_state",
               Describe(entry, "resource"), Origin::kPluginResponse, &out->new_state,
               &out->diagnostics);
}

template <class Resp>
void PlanResourceChange(const SchemaEntry& entry, const Resp& in, PlanResourceChangeResponse* out) {
  ConvertDiagnostics(in.diagnostics(), &out->diagnostics);
  out->planned_private = in.planned_private();
  for (const auto& p : in.requires_replace()) out->requires_replace.push_back(ConvertPath(p));
  ConvertValue(Present(in.has_planned_state(), in.planned_state()), entry.type, "planned_state",
               Describe(entry, "resource"), Origin::kPluginResponse, &out->planned_state,
               &out->diagnostics);
}

template <class Resp>
void ApplyResourceChange(const SchemaEntry& entry, const Resp& in,
                         ApplyResourceChangeResponse* out) {
  ConvertDiagnostics(in.diagnostics(), &out->diagnostics);
  out->private_data = in.private_();
  ConvertValue(Present(in.has_new_state(), in.new_state()), entry.type, "new_state",
               Describe(entry, "resource"), Origin::kPluginResponse, &out->new_state,
               &out->diagnostics);
}

template <class Resp>
void ReadDataSource(const SchemaEntry& entry, const Resp& in, ReadDataSourceResponse* out) {
  ConvertDiagnostics(in.diagnostics(), &out->diagnostics);
  ConvertValue(Present(in.has_state(), in.state()), entry.type, "state",
               Describe(entry, "data source"), Origin::kPluginResponse, &out->state,
               &out->diagnostics);
}

}  // namespace tfplugin::internal::from_proto

#endif  // EDP_TFPLUGIN_SRC_FROM_PROTO_H_
