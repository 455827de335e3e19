// Fuzz target: cty msgpack decoding against a few fixed types. The first
// input byte selects the type; the rest is the msgpack document. Every value
// that decodes must re-encode, and decode again to a RawEquals value.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cty/msgpack.h"

namespace {

const std::vector<cty::Type>& Types() {
  using cty::Type;
  static const auto* types = new std::vector<Type>{
      // A resource-like object with nested list/set/map/dynamic.
      Type::Object({
          {"id", Type::String()},
          {"count", Type::Number()},
          {"enabled", Type::Bool()},
          {"tags", Type::Map(Type::String())},
          {"rules", Type::List(Type::Object({{"name", Type::String()}, {"ports", Type::Set(Type::Number())}}))},
          {"zones", Type::Set(Type::String())},
          {"extra", Type::Dynamic()},
          {"meta", Type::Map(Type::Dynamic())},
          {"pair", Type::Tuple({Type::String(), Type::List(Type::Bool())})},
      }),
      Type::Dynamic(),
      Type::List(Type::Map(Type::Set(Type::Number()))),
      Type::Set(Type::Object({{"a", Type::List(Type::Number())}, {"s", Type::String()}})),
      Type::Tuple({Type::String(), Type::Number(), Type::Bool(), Type::Dynamic()}),
      Type::Number(),
      Type::String(),
      Type::List(Type::Dynamic()),
  };
  return *types;
}

// Structural equality with lenient numbers. A float64 integer decodes at
// 53-bit precision but is re-encoded as an exact int64 or as its shortest
// decimal text, so after one round trip a number may differ either by cty's
// text equality or numerically (go-cty behaves the same); sets of numbers may
// then also merge elements.
bool LooseEqual(const cty::Value& a, const cty::Value& b) {
  if (a.type() != b.type() || a.marks() != b.marks()) return false;
  if (a.IsKnown() != b.IsKnown() || a.IsNull() != b.IsNull()) return false;
  if (!a.IsKnown()) {
    const auto& ra = a.refinements();
    const auto& rb = b.refinements();
    auto num_eq = [](const std::optional<cty::Number>& x, const std::optional<cty::Number>& y) {
      return x.has_value() == y.has_value() && (!x || x->Compare(*y) == 0 || x->CtyEquals(*y));
    };
    return ra.not_null == rb.not_null && ra.string_prefix == rb.string_prefix && ra.length_lower == rb.length_lower &&
           ra.length_upper == rb.length_upper && num_eq(ra.number_lower, rb.number_lower) &&
           num_eq(ra.number_upper, rb.number_upper);
  }
  if (a.IsNull()) return true;
  const cty::Type& t = a.type();
  switch (t.kind()) {
    case cty::Kind::kNumber:
      // Either numerically equal (float64 integer sent as int64) or equal
      // by cty's text comparison (non-int64 integers are sent as their
      // shortest decimal text, as go-cty >= 1.14.4 does).
      return a.AsNumber().Compare(b.AsNumber()) == 0 || a.AsNumber().CtyEquals(b.AsNumber());
    case cty::Kind::kString:
    case cty::Kind::kBool:
      return a.RawEquals(b);
    case cty::Kind::kSet:
      if (a.Elements().size() != b.Elements().size()) return b.Elements().size() < a.Elements().size();
      [[fallthrough]];
    case cty::Kind::kList:
    case cty::Kind::kTuple: {
      const auto& x = a.Elements();
      const auto& y = b.Elements();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!LooseEqual(x[i], y[i])) return t.IsSet();  // set order may follow changed numbers
      }
      return true;
    }
    case cty::Kind::kMap:
    case cty::Kind::kObject: {
      const auto& x = a.Attributes();
      const auto& y = b.Attributes();
      if (x.size() != y.size()) return false;
      for (auto xi = x.begin(), yi = y.begin(); xi != x.end(); ++xi, ++yi) {
        if (xi->first != yi->first || !LooseEqual(xi->second, yi->second)) return false;
      }
      return true;
    }
    case cty::Kind::kDynamic:
      return true;
  }
  return false;
}

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_cty_msgpack: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& types = Types();
  const cty::Type& type = types[data[0] % types.size()];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  auto v = cty::msgpack::Unmarshal(input, type);
  if (!v.ok()) return 0;
  auto enc = cty::msgpack::Marshal(*v, type);
  if (!enc.ok()) Die("re-encode failed", enc.error().ToString() + " for " + v->GoString());
  auto again = cty::msgpack::Unmarshal(*enc, type);
  if (!again.ok()) Die("decode of re-encoded value failed", again.error().ToString() + " for " + v->GoString());
  if (!LooseEqual(*v, *again)) Die("round trip changed the value", v->GoString() + " vs " + again->GoString());
  // After one normalising round trip the encoding is a fixed point.
  auto enc2 = cty::msgpack::Marshal(*again, type);
  if (!enc2.ok()) Die("second re-encode failed", enc2.error().ToString());
  auto again2 = cty::msgpack::Unmarshal(*enc2, type);
  if (!again2.ok()) Die("second decode failed", again2.error().ToString());
  if (!again2->RawEquals(*again)) Die("second round trip changed the value", again->GoString() + " vs " + again2->GoString());
  auto enc3 = cty::msgpack::Marshal(*again2, type);
  if (!enc3.ok() || *enc3 != *enc2) Die("encoding is not a fixed point", again->GoString());
  // Exercise the value operations on whatever was decoded.
  (void)v->Equals(*again);
  (void)v->UnknownAsNull();
  (void)v->GoString();
  return 0;
}
