// to_proto: protocol-neutral tfplugin structs -> tfplugin5/tfplugin6
// protobuf messages.
//
// Server side: encode responses and the GetProviderSchema/GetMetadata
// messages. Values are always written as msgpack with the schema's implied
// type; a DynamicValue sub-message is only created once its bytes are known,
// so a present-but-empty DynamicValue is never sent. A value the provider
// returned that does not conform to its schema is not sent either: it
// becomes a "Provider Produced Invalid Value" error diagnostic (a provider
// bug). Diagnostics get severity ERROR/WARNING and an AttributePath that
// stops before the first step it cannot express (set elements).
// Client side (GrpcProviderClient): encode requests the same way.
//
// Templates over the generated message types, one definition for both
// protocols (see from_proto.h); protocol differences use `if constexpr`.
//
// Thread safety: pure functions.
#ifndef EDP_TFPLUGIN_SRC_TO_PROTO_H_
#define EDP_TFPLUGIN_SRC_TO_PROTO_H_

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cty/path.h"
#include "cty/result.h"
#include "cty/type.h"
#include "cty/value.h"
#include "provider_host.h"
#include "tfplugin/diagnostics.h"
#include "tfplugin/provider.h"
#include "tfplugin/schema.h"

namespace tfplugin::internal::to_proto {

// Who produced the value being encoded: decides the diagnostic wording.
enum class Origin {
  kProviderResponse,  // our provider's answer: "Provider Produced Invalid Value"
  kClientRequest,     // a request built by GrpcProviderClient's caller
};

// ---------------------------------------------------------------------------
// Values, paths, diagnostics

// cty msgpack of `v` with `type`; marks are stripped first. A null of a
// non-Dynamic type is the nil byte without calling the codec.
cty::Result<std::string> EncodeValue(const cty::Value& v, const cty::Type& type);

// EncodeValue plus the diagnostic on failure (`field` is the protobuf field
// name, `what` names the block as from_proto::Describe does).
bool EncodeField(const cty::Value& v, const cty::Type& type, std::string_view field,
                 std::string_view what, Origin origin, std::string* out, Diagnostics* diags);

// Encodes `v` and, only on success, stores it in the DynamicValue returned
// by `mutable_dv()` (e.g. [&] { return resp->mutable_new_state(); }).
template <class MutableFn>
bool SetValue(const cty::Value& v, const cty::Type& type, std::string_view field,
              std::string_view what, Origin origin, Diagnostics* diags, MutableFn&& mutable_dv) {
  std::string bytes;
  if (!EncodeField(v, type, field, what, origin, &bytes, diags)) return false;
  mutable_dv()->set_msgpack(std::move(bytes));
  return true;
}

// One step of a protocol AttributePath; kStop where a cty step has no
// protocol form (set element, non-integer or unknown key).
struct PathStep {
  enum class Kind { kAttribute, kKeyString, kKeyInt, kStop } kind = Kind::kStop;
  std::string name;  // attribute name or string key
  int64_t index = 0;
};
PathStep ClassifyStep(const cty::PathStep& step);

template <class PAP>
void ConvertPath(const cty::Path& in, PAP* out) {
  for (const cty::PathStep& s : in.steps()) {
    PathStep step = ClassifyStep(s);
    if (step.kind == PathStep::Kind::kStop) break;
    auto* p = out->add_steps();
    switch (step.kind) {
      case PathStep::Kind::kAttribute: p->set_attribute_name(std::move(step.name)); break;
      case PathStep::Kind::kKeyString: p->set_element_key_string(std::move(step.name)); break;
      case PathStep::Kind::kKeyInt: p->set_element_key_int(step.index); break;
      case PathStep::Kind::kStop: break;
    }
  }
}

template <class Repeated>
void ConvertDiagnostics(const Diagnostics& in, Repeated* out) {
  using PD = std::remove_pointer_t<decltype(out->Add())>;
  for (const Diagnostic& d : in) {
    PD* p = out->Add();
    p->set_severity(d.severity == Severity::kWarning ? PD::WARNING : PD::ERROR);
    p->set_summary(d.summary);
    p->set_detail(d.detail);
    if (d.attribute && !d.attribute->empty()) ConvertPath(*d.attribute, p->mutable_attribute());
  }
}

// ---------------------------------------------------------------------------
// Schemas (server side)

// Problems found while converting schemas for one protocol.
struct SchemaProblems {
  // "resource type \"x\", attribute \"a\"": nested attribute types, which
  // protocol 5 cannot express.
  std::vector<std::string> needs_protocol6;
  // Other conversion problems (e.g. GROUP nesting on a nested attribute).
  std::vector<std::string> invalid;
};

namespace detail {

template <class PKind>
PKind ConvertStringKind(StringKind k) {
  return static_cast<PKind>(k == StringKind::kMarkdown ? 1 : 0);
}

// Protocol NestingMode numbers: SINGLE=1, LIST=2, SET=3, MAP=4, GROUP=5.
inline int NestingNumber(NestingMode m) {
  switch (m) {
    case NestingMode::kSingle: return 1;
    case NestingMode::kList: return 2;
    case NestingMode::kSet: return 3;
    case NestingMode::kMap: return 4;
    case NestingMode::kGroup: return 5;
  }
  return 0;
}

template <class PAttr>
void ConvertAttribute(const SchemaAttribute& in, const std::string& where, PAttr* out,
                      SchemaProblems* problems);

template <class PObject>
void ConvertObject(const SchemaObject& in, const std::string& where, PObject* out,
                   SchemaProblems* problems) {
  if (in.nesting == NestingMode::kGroup) {
    problems->invalid.push_back(where + " uses GROUP nesting, which nested attribute types "
                                        "do not support");
  }
  out->set_nesting(static_cast<typename PObject::NestingMode>(
      in.nesting == NestingMode::kGroup ? 1 : NestingNumber(in.nesting)));
  for (const SchemaAttribute& a : in.attributes) {
    ConvertAttribute(a, where + ", attribute \"" + a.name + "\"", out->add_attributes(), problems);
  }
}

template <class PAttr>
void ConvertAttribute(const SchemaAttribute& in, const std::string& where, PAttr* out,
                      SchemaProblems* problems) {
  using PKind = std::remove_cv_t<std::remove_reference_t<decltype(out->description_kind())>>;
  out->set_name(in.name);
  out->set_description(in.description);
  out->set_description_kind(ConvertStringKind<PKind>(in.description_kind));
  out->set_required(in.required);
  out->set_optional(in.optional);
  out->set_computed(in.computed);
  out->set_sensitive(in.sensitive);
  out->set_deprecated(in.deprecated);
  out->set_write_only(in.write_only);
  if (in.nested) {
    if constexpr (requires { out->mutable_nested_type(); }) {
      ConvertObject(*in.nested, where, out->mutable_nested_type(), problems);
    } else {
      problems->needs_protocol6.push_back(where);
    }
    return;
  }
  out->set_type(in.type.ToJSON());
}

template <class PBlock>
void ConvertBlock(const SchemaBlock& in, const std::string& where, PBlock* out,
                  SchemaProblems* problems) {
  using PKind = std::remove_cv_t<std::remove_reference_t<decltype(out->description_kind())>>;
  out->set_description(in.description);
  out->set_description_kind(ConvertStringKind<PKind>(in.description_kind));
  out->set_deprecated(in.deprecated);
  for (const SchemaAttribute& a : in.attributes) {
    ConvertAttribute(a, where + ", attribute \"" + a.name + "\"", out->add_attributes(), problems);
  }
  for (const SchemaNestedBlock& b : in.block_types) {
    auto* nb = out->add_block_types();
    using PNested = std::remove_pointer_t<decltype(nb)>;
    nb->set_type_name(b.type_name);
    nb->set_nesting(static_cast<typename PNested::NestingMode>(NestingNumber(b.nesting)));
    nb->set_min_items(b.min_items);
    nb->set_max_items(b.max_items);
    const std::string inner = where + ", block \"" + b.type_name + "\"";
    if (b.block) {
      ConvertBlock(*b.block, inner, nb->mutable_block(), problems);
    } else {
      nb->mutable_block();  // an empty block, never an absent one
    }
  }
}

}  // namespace detail

template <class PSchema>
void ConvertSchema(const Schema& in, const std::string& where, PSchema* out,
                   SchemaProblems* problems) {
  out->set_version(in.version);
  detail::ConvertBlock(in.block, where, out->mutable_block(), problems);
}

template <class PCaps>
void ConvertServerCapabilities(const ServerCapabilities& in, PCaps* out) {
  out->set_plan_destroy(in.plan_destroy);
  out->set_get_provider_schema_optional(in.get_provider_schema_optional);
  out->set_move_resource_state(in.move_resource_state);
}

// The whole GetProviderSchema response: schemas, the provider's diagnostics,
// capabilities, and an error diagnostic for every schema feature this
// protocol cannot express.
template <class PResp>
void GetProviderSchema(const GetProviderSchemaResponse& in, const ServerCapabilities& caps,
                       PResp* out) {
  SchemaProblems problems;
  ConvertSchema(in.provider, "the provider configuration", out->mutable_provider(), &problems);
  if (in.provider_meta) {
    ConvertSchema(*in.provider_meta, "the provider_meta block", out->mutable_provider_meta(),
                  &problems);
  }
  for (const auto& [name, schema] : in.resource_schemas) {
    ConvertSchema(schema, "resource type \"" + name + "\"", &(*out->mutable_resource_schemas())[name],
                  &problems);
  }
  for (const auto& [name, schema] : in.data_source_schemas) {
    ConvertSchema(schema, "data source type \"" + name + "\"",
                  &(*out->mutable_data_source_schemas())[name], &problems);
  }
  ConvertServerCapabilities(caps, out->mutable_server_capabilities());
  Diagnostics diags = in.diagnostics;
  for (const std::string& where : problems.needs_protocol6) {
    diags.AddError("Provider Requires Protocol 6",
                   "The schema of " + where +
                       " uses a nested attribute type, which plugin protocol 5 cannot express. "
                       "Use a client that speaks plugin protocol 6 (OpenTofu, or Terraform 1.0 "
                       "and later).");
  }
  for (const std::string& problem : problems.invalid) {
    diags.AddError("Invalid Provider Schema",
                   "The schema of " + problem +
                       ". This is always a bug in the provider and should be reported to the "
                       "provider developers.");
  }
  ConvertDiagnostics(diags, out->mutable_diagnostics());
}

template <class PResp>
void GetMetadata(const ServerCapabilities& caps, const std::vector<std::string>& resources,
                 const std::vector<std::string>& data_sources, const Diagnostics& diags,
                 PResp* out) {
  ConvertServerCapabilities(caps, out->mutable_server_capabilities());
  for (const std::string& name : resources) out->add_resources()->set_type_name(name);
  for (const std::string& name : data_sources) out->add_data_sources()->set_type_name(name);
  ConvertDiagnostics(diags, out->mutable_diagnostics());
}

// ---------------------------------------------------------------------------
// Server side: responses. Encoding problems are added to *diags; the caller
// converts *diags into the response last.

std::string DescribeResource(const SchemaEntry& entry);
std::string DescribeDataSource(const SchemaEntry& entry);

template <class Resp>
void UpgradeResourceState(const SchemaEntry& entry, const UpgradeResourceStateResponse& in,
                          Resp* out, Diagnostics* diags) {
  SetValue(in.upgraded_state, entry.type, "upgraded_state", DescribeResource(entry),
           Origin::kProviderResponse, diags, [&] { return out->mutable_upgraded_state(); });
}

template <class Resp>
void ReadResource(const SchemaEntry& entry, const ReadResourceResponse& in, Resp* out,
                  Diagnostics* diags) {
  out->set_private_(in.private_data);
  SetValue(in.new_state, entry.type, "new_state", DescribeResource(entry),
           Origin::kProviderResponse, diags, [&] { return out->mutable_new_state(); });
}

template <class Resp>
void PlanResourceChange(const SchemaEntry& entry, const PlanResourceChangeResponse& in, Resp* out,
                        Diagnostics* diags) {
  out->set_planned_private(in.planned_private);
  for (const cty::Path& p : in.requires_replace) ConvertPath(p, out->add_requires_replace());
  SetValue(in.planned_state, entry.type, "planned_state", DescribeResource(entry),
           Origin::kProviderResponse, diags, [&] { return out->mutable_planned_state(); });
}

template <class Resp>
void ApplyResourceChange(const SchemaEntry& entry, const ApplyResourceChangeResponse& in,
                         Resp* out, Diagnostics* diags) {
  out->set_private_(in.private_data);
  SetValue(in.new_state, entry.type, "new_state", DescribeResource(entry),
           Origin::kProviderResponse, diags, [&] { return out->mutable_new_state(); });
}

// Each imported object is encoded with its own type's schema; an empty
// type_name means the requested type. Objects of unknown types or with
// invalid values are dropped with an error diagnostic.
template <class Resp>
void ImportResourceState(const ProviderHost& host, std::string_view requested_type,
                         const ImportResourceStateResponse& in, Resp* out, Diagnostics* diags) {
  for (const ImportedResource& r : in.imported_resources) {
    const std::string type_name = r.type_name.empty() ? std::string(requested_type) : r.type_name;
    const SchemaEntry* entry = host.Resource(type_name, diags);
    if (entry == nullptr) continue;
    std::string bytes;
    if (!EncodeField(r.state, entry->type, "imported_resources.state", DescribeResource(*entry),
                     Origin::kProviderResponse, &bytes, diags)) {
      continue;
    }
    auto* p = out->add_imported_resources();
    p->set_type_name(type_name);
    p->mutable_state()->set_msgpack(std::move(bytes));
    p->set_private_(r.private_data);
  }
}

template <class Resp>
void ReadDataSource(const SchemaEntry& entry, const ReadDataSourceResponse& in, Resp* out,
                    Diagnostics* diags) {
  SetValue(in.state, entry.type, "state", DescribeDataSource(entry), Origin::kProviderResponse,
           diags, [&] { return out->mutable_state(); });
}

// ---------------------------------------------------------------------------
// Client side: requests. Return false (with an "Invalid Request Value"
// diagnostic) when a value does not conform to its schema.

template <class PCaps>
void ConvertClientCapabilities(const ClientCapabilities& in, PCaps* out) {
  out->set_deferral_allowed(in.deferral_allowed);
  out->set_write_only_attributes_allowed(in.write_only_attributes_allowed);
}

// provider_meta is only sent when the schema declares the block.
template <class MutableFn>
bool SetProviderMeta(const SchemaEntry* meta, const cty::Value& v, Diagnostics* diags,
                     MutableFn&& mutable_dv) {
  if (meta == nullptr) return true;
  cty::Value value = v;
  if (value.IsNull()) value = cty::Value::Null(meta->type);
  return SetValue(value, meta->type, "provider_meta", "the provider_meta block",
                  Origin::kClientRequest, diags, std::forward<MutableFn>(mutable_dv));
}

template <class Req>
bool ValidateProviderConfig(const SchemaEntry& provider, const ValidateProviderConfigRequest& in,
                            Req* out, Diagnostics* diags) {
  return SetValue(in.config, provider.type, "config", "the provider configuration",
                  Origin::kClientRequest, diags, [&] { return out->mutable_config(); });
}

template <class Req>
bool ValidateResourceConfig(const SchemaEntry& entry, const ValidateResourceConfigRequest& in,
                            Req* out, Diagnostics* diags) {
  out->set_type_name(in.type_name);
  ConvertClientCapabilities(in.client_capabilities, out->mutable_client_capabilities());
  return SetValue(in.config, entry.type, "config", DescribeResource(entry), Origin::kClientRequest,
                  diags, [&] { return out->mutable_config(); });
}

template <class Req>
bool ValidateDataResourceConfig(const SchemaEntry& entry,
                                const ValidateDataResourceConfigRequest& in, Req* out,
                                Diagnostics* diags) {
  out->set_type_name(in.type_name);
  return SetValue(in.config, entry.type, "config", DescribeDataSource(entry),
                  Origin::kClientRequest, diags, [&] { return out->mutable_config(); });
}

template <class Req>
bool UpgradeResourceState(const UpgradeResourceStateRequest& in, Req* out) {
  out->set_type_name(in.type_name);
  out->set_version(in.version);
  auto* raw = out->mutable_raw_state();
  raw->set_json(in.raw_state.json);
  for (const auto& [k, v] : in.raw_state.flatmap) (*raw->mutable_flatmap())[k] = v;
  return true;
}

template <class Req>
bool ConfigureProvider(const SchemaEntry& provider, const ConfigureProviderRequest& in, Req* out,
                       Diagnostics* diags) {
  out->set_terraform_version(in.terraform_version);
  ConvertClientCapabilities(in.client_capabilities, out->mutable_client_capabilities());
  return SetValue(in.config, provider.type, "config", "the provider configuration",
                  Origin::kClientRequest, diags, [&] { return out->mutable_config(); });
}

template <class Req>
bool ReadResource(const SchemaEntry& entry, const SchemaEntry* meta, const ReadResourceRequest& in,
                  Req* out, Diagnostics* diags) {
  out->set_type_name(in.type_name);
  out->set_private_(in.private_data);
  ConvertClientCapabilities(in.client_capabilities, out->mutable_client_capabilities());
  const std::string what = DescribeResource(entry);
  bool ok = SetValue(in.current_state, entry.type, "current_state", what, Origin::kClientRequest,
                     diags, [&] { return out->mutable_current_state(); });
  ok &= SetProviderMeta(meta, in.provider_meta, diags, [&] { return out->mutable_provider_meta(); });
  return ok;
}

template <class Req>
bool PlanResourceChange(const SchemaEntry& entry, const SchemaEntry* meta,
                        const PlanResourceChangeRequest& in, Req* out, Diagnostics* diags) {
  out->set_type_name(in.type_name);
  out->set_prior_private(in.prior_private);
  ConvertClientCapabilities(in.client_capabilities, out->mutable_client_capabilities());
  const std::string what = DescribeResource(entry);
  constexpr Origin o = Origin::kClientRequest;
  bool ok = SetValue(in.prior_state, entry.type, "prior_state", what, o, diags,
                     [&] { return out->mutable_prior_state(); });
  ok &= SetValue(in.proposed_new_state, entry.type, "proposed_new_state", what, o, diags,
                 [&] { return out->mutable_proposed_new_state(); });
  ok &= SetValue(in.config, entry.type, "config", what, o, diags,
                 [&] { return out->mutable_config(); });
  ok &= SetProviderMeta(meta, in.provider_meta, diags, [&] { return out->mutable_provider_meta(); });
  return ok;
}

template <class Req>
bool ApplyResourceChange(const SchemaEntry& entry, const SchemaEntry* meta,
                         const ApplyResourceChangeRequest& in, Req* out, Diagnostics* diags) {
  out->set_type_name(in.type_name);
  out->set_planned_private(in.planned_private);
  const std::string what = DescribeResource(entry);
  constexpr Origin o = Origin::kClientRequest;
  bool ok = SetValue(in.prior_state, entry.type, "prior_state", what, o, diags,
                     [&] { return out->mutable_prior_state(); });
  ok &= SetValue(in.planned_state, entry.type, "planned_state", what, o, diags,
                 [&] { return out->mutable_planned_state(); });
  ok &= SetValue(in.config, entry.type, "config", what, o, diags,
                 [&] { return out->mutable_config(); });
  ok &= SetProviderMeta(meta, in.provider_meta, diags, [&] { return out->mutable_provider_meta(); });
  return ok;
}

template <class Req>
bool ImportResourceState(const ImportResourceStateRequest& in, Req* out) {
  out->set_type_name(in.type_name);
  out->set_id(in.id);
  ConvertClientCapabilities(in.client_capabilities, out->mutable_client_capabilities());
  return true;
}

template <class Req>
bool ReadDataSource(const SchemaEntry& entry, const SchemaEntry* meta,
                    const ReadDataSourceRequest& in, Req* out, Diagnostics* diags) {
  out->set_type_name(in.type_name);
  ConvertClientCapabilities(in.client_capabilities, out->mutable_client_capabilities());
  bool ok = SetValue(in.config, entry.type, "config", DescribeDataSource(entry),
                     Origin::kClientRequest, diags, [&] { return out->mutable_config(); });
  ok &= SetProviderMeta(meta, in.provider_meta, diags, [&] { return out->mutable_provider_meta(); });
  return ok;
}

}  // namespace tfplugin::internal::to_proto

#endif  // EDP_TFPLUGIN_SRC_TO_PROTO_H_
