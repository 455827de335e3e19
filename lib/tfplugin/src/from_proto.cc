// from_proto: the non-template parts (see from_proto.h).
#include "from_proto.h"

#include <string>

#include "cty/json.h"
#include "cty/msgpack.h"

namespace tfplugin::internal::from_proto {

bool TypeConforms(const cty::Type& have, const cty::Type& want) {
  if (want.IsDynamic()) return true;
  if (have == want) return true;
  if (have.kind() != want.kind()) return false;
  switch (want.kind()) {
    case cty::Kind::kList:
    case cty::Kind::kSet:
    case cty::Kind::kMap:
      return TypeConforms(have.element(), want.element());
    case cty::Kind::kObject: {
      const auto& ha = have.attributes();
      const auto& wa = want.attributes();
      if (ha.size() != wa.size()) return false;
      for (auto h = ha.begin(), w = wa.begin(); w != wa.end(); ++h, ++w) {
        if (h->first != w->first || !TypeConforms(h->second, w->second)) return false;
      }
      return true;
    }
    case cty::Kind::kTuple: {
      const auto& he = have.tuple_elements();
      const auto& we = want.tuple_elements();
      if (he.size() != we.size()) return false;
      for (size_t i = 0; i < we.size(); ++i) {
        if (!TypeConforms(he[i], we[i])) return false;
      }
      return true;
    }
    default:
      return false;  // distinct primitive kinds were compared above
  }
}

cty::Result<cty::Value> DecodeDynamicValue(bool present, std::string_view msgpack,
                                           std::string_view json, const cty::Type& type) {
  if (!present || (msgpack.empty() && json.empty())) return cty::Value::Null(type);
  cty::Result<cty::Value> v = !msgpack.empty() ? cty::msgpack::Unmarshal(msgpack, type)
                                               : cty::json::Unmarshal(json, type);
  if (!v.ok()) return v;
  if (!TypeConforms(v.value().type(), type)) {
    return cty::Error{type.FriendlyName() + " required, but have " + v.value().type().FriendlyName(),
                      cty::Path()};
  }
  return v;
}

std::string Describe(const SchemaEntry& entry, std::string_view kind) {
  if (entry.name.empty()) return std::string(kind);
  std::string out(kind);
  out += " type \"";
  out += entry.name;
  out += "\"";
  return out;
}

bool DecodeField(bool present, std::string_view msgpack, std::string_view json,
                 const cty::Type& type, std::string_view field, std::string_view what,
                 Origin origin, cty::Value* out, Diagnostics* diags) {
  cty::Result<cty::Value> v = DecodeDynamicValue(present, msgpack, json, type);
  if (v.ok()) {
    *out = std::move(v).value();
    return true;
  }
  *out = cty::Value::Null(type);
  std::string detail = "Invalid ";
  detail += msgpack.empty() ? "JSON" : "msgpack";
  detail += " in ";
  detail += field;
  detail += ": ";
  detail += v.error().ToString();
  if (origin == Origin::kClientRequest) {
    detail += ". The client sent a value for " + std::string(field) + " of " + std::string(what) +
              " that does not match the provider's schema, so the provider was not called. This "
              "is a bug in the client or a schema mismatch between client and provider.";
    diags->AddError("Invalid Request Value", std::move(detail));
  } else {
    detail += ". The plugin returned a value for " + std::string(field) + " of " +
              std::string(what) +
              " that does not match its own schema. This is a bug in the plugin and should be "
              "reported to its developers.";
    diags->AddError("Invalid Plugin Response", std::move(detail));
  }
  return false;
}

}  // namespace tfplugin::internal::from_proto
