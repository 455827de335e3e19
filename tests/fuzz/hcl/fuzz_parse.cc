// Parses arbitrary bytes as an HCL config and evaluates every attribute
// without a context: must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hcl/parse.h"

namespace {
void EvalBody(const hcl::Body& body) {
  for (const auto& a : body.attributes) (void)a.expr->Value(nullptr);
  for (const auto& b : body.blocks) EvalBody(b->body);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  auto f = hcl::ParseConfig(src, "fuzz.hcl");
  EvalBody(f.file.body);
  (void)hcl::RenderDiagnostics(f.diags, [&](const std::string&) { return std::string_view(f.file.bytes); });
  auto e = hcl::ParseExpression(src, "fuzz.hcl");
  (void)e.expr->Value(nullptr);
  auto t = hcl::ParseTemplate(src, "fuzz.hcl");
  (void)t.expr->Value(nullptr);
  return 0;
}
