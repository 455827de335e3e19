// to_proto: the non-template parts (see to_proto.h).
#include "to_proto.h"

#include <string>

#include "cty/msgpack.h"
#include "from_proto.h"

namespace tfplugin::internal::to_proto {

cty::Result<std::string> EncodeValue(const cty::Value& v, const cty::Type& type) {
  if (v.IsNull() && !type.IsDynamic() && !v.IsMarked()) return std::string("\xc0", 1);
  if (v.ContainsMarked()) return cty::msgpack::Marshal(v.UnmarkDeep(), type);
  return cty::msgpack::Marshal(v, type);
}

bool EncodeField(const cty::Value& v, const cty::Type& type, std::string_view field,
                 std::string_view what, Origin origin, std::string* out, Diagnostics* diags) {
  cty::Result<std::string> bytes = EncodeValue(v, type);
  if (bytes.ok()) {
    *out = std::move(bytes).value();
    return true;
  }
  const std::string err = bytes.error().ToString();
  if (origin == Origin::kProviderResponse) {
    diags->AddError("Provider Produced Invalid Value",
                    "The provider returned a value for " + std::string(field) + " of " +
                        std::string(what) + " that does not conform to its schema: " + err +
                        ". This is always a bug in the provider and should be reported to the "
                        "provider developers.");
  } else {
    diags->AddError("Invalid Request Value",
                    "The value given for " + std::string(field) + " of " + std::string(what) +
                        " does not conform to the provider's schema: " + err +
                        ". The request was not sent.");
  }
  return false;
}

PathStep ClassifyStep(const cty::PathStep& step) {
  PathStep out;
  if (step.kind() == cty::PathStep::Kind::kGetAttr) {
    out.kind = PathStep::Kind::kAttribute;
    out.name = step.name();
    return out;
  }
  const cty::Value& key = step.key();
  if (!key.IsKnown() || key.IsNull()) return out;
  if (key.type() == cty::Type::String()) {
    out.kind = PathStep::Kind::kKeyString;
    out.name = key.AsString();
  } else if (key.type() == cty::Type::Number()) {
    std::optional<int64_t> i = key.AsNumber().ToInt64();
    if (i) {
      out.kind = PathStep::Kind::kKeyInt;
      out.index = *i;
    }
  }
  return out;  // any other key type is a set element: not addressable
}

std::string DescribeResource(const SchemaEntry& entry) {
  return from_proto::Describe(entry, "resource");
}

std::string DescribeDataSource(const SchemaEntry& entry) {
  return from_proto::Describe(entry, "data source");
}

}  // namespace tfplugin::internal::to_proto
