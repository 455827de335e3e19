// Parses arbitrary bytes as an HCL JSON-syntax file and reads it through a
// schema (blocks with and without labels), JustAttributes and evaluation
// with and without a context: must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hcl/json.h"

namespace {

const hcl::BodySchema& Schema() {
  static const hcl::BodySchema schema{{{"a", false}, {"req", true}},
                                      {{"block", {}}, {"labeled", {"name"}}, {"resource", {"type", "name"}}}};
  return schema;
}

void Walk(const hcl::Body& body, const hcl::EvalContext& ctx, int depth) {
  auto c = hcl::PartialContent(body, Schema());
  for (const auto& [name, a] : c.content.attributes) {
    (void)a->expr->Value(&ctx);
    (void)hcl::Variables(*a->expr);
  }
  auto rest = hcl::JustAttributes(*c.remain);
  for (const auto& [name, a] : rest.attributes) {
    (void)a->expr->Value(nullptr);
    (void)a->expr->Value(&ctx);
  }
  (void)hcl::Content(body, Schema());
  if (depth < 8) {
    for (const hcl::Block* b : c.content.blocks) Walk(b->body, ctx, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view src(reinterpret_cast<const char*>(data), size);
  auto f = hcl::ParseJSON(src, "fuzz.hcl.json");
  hcl::EvalContext ctx;
  Walk(f.file.body, ctx, 0);
  (void)hcl::RenderDiagnostics(f.diags, [&](const std::string&) { return std::string_view(f.file.bytes); });
  auto e = hcl::ParseJSONExpression(src, "fuzz.json");
  (void)e.expr->Value(&ctx);
  (void)hcl::Variables(*e.expr);
  return 0;
}
