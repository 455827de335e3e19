// Fuzz target: cty JSON values and JSON type expressions. The first input
// byte selects a mode: type expression parsing, or value decoding against
// one of a few fixed types. Successful parses must round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "cty/json.h"
#include "cty/type.h"

namespace {

const std::vector<cty::Type>& Types() {
  using cty::Type;
  static const auto* types = new std::vector<Type>{
      Type::Dynamic(),
      Type::Object({
          {"id", Type::String()},
          {"n", Type::Number()},
          {"b", Type::Bool()},
          {"tags", Type::Map(Type::String())},
          {"items", Type::List(Type::Object({{"k", Type::String()}, {"v", Type::Dynamic()}}))},
          {"set", Type::Set(Type::Number())},
          {"t", Type::Tuple({Type::String(), Type::Number()})},
      }),
      Type::List(Type::Dynamic()),
      Type::Map(Type::Set(Type::String())),
      Type::Number(),
  };
  return *types;
}

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_cty_json: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto& types = Types();
  size_t mode = data[0] % (types.size() + 1);
  if (mode == types.size()) {
    auto t = cty::Type::FromJSON(input);
    if (!t.ok()) return 0;
    std::string json = t->ToJSON();
    auto back = cty::Type::FromJSON(json);
    if (!back.ok()) Die("type re-parse failed", json + ": " + back.error().message);
    if (*back != *t) Die("type round trip changed the type", json);
    (void)t->FriendlyName();
    (void)t->GoString();
    return 0;
  }
  const cty::Type& type = types[mode];
  auto v = cty::json::Unmarshal(input, type);
  if (!v.ok()) return 0;
  auto enc = cty::json::Marshal(*v, type);
  if (!enc.ok()) {
    // Only infinities (from "Inf" strings) cannot be written back.
    if (enc.error().message == "cannot serialize infinity as JSON" ||
        enc.error().message == "failed to serialize value: cannot serialize infinity as JSON") {
      return 0;
    }
    Die("re-encode failed", enc.error().ToString() + " for " + v->GoString());
  }
  auto again = cty::json::Unmarshal(*enc, type);
  if (!again.ok()) Die("decode of re-encoded value failed", again.error().ToString() + " for " + *enc);
  if (!again->RawEquals(*v)) Die("round trip changed the value", v->GoString() + " vs " + again->GoString());
  return 0;
}
