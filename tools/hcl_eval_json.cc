#include "hcl_eval_json.h"

#include <algorithm>
#include <vector>

#include "cty/json.h"

namespace edp::tools {
namespace {

// A JSON string literal escaped exactly as cty's (Go encoding/json's) encoder
// does, so names and labels match the reference byte for byte.
std::optional<std::string> JSONString(const std::string& s) {
  auto r = cty::json::Marshal(cty::Value::String(s), cty::Type::String());
  if (!r.ok()) return std::nullopt;
  return r.value();
}

bool AppendBody(const hcl::Body& body, const hcl::EvalContext& ctx, hcl::Diagnostics* diags,
                std::string* out) {
  bool ok = true;
  std::vector<const hcl::Attribute*> attrs;
  attrs.reserve(body.attributes.size());
  for (const auto& a : body.attributes) attrs.push_back(&a);
  std::stable_sort(attrs.begin(), attrs.end(),
                   [](const hcl::Attribute* a, const hcl::Attribute* b) { return a->name < b->name; });

  out->append("{\"attributes\":{");
  bool first = true;
  for (const hcl::Attribute* a : attrs) {
    hcl::Evaluated ev = a->expr->Value(&ctx);
    bool had_errors = ev.diags.HasErrors();
    diags->Append(std::move(ev.diags));
    if (had_errors) {
      ok = false;
      continue;
    }
    auto name = JSONString(a->name);
    auto value = cty::json::Marshal(ev.value, ev.value.type());
    if (!name || !value.ok()) {
      diags->AddError("Unencodable value",
                      "The value of \"" + a->name + "\" cannot be encoded as JSON: " +
                          (value.ok() ? std::string("invalid name") : value.error().ToString()) + ".",
                      a->src_range);
      ok = false;
      continue;
    }
    if (!first) out->push_back(',');
    first = false;
    out->append(*name);
    out->append(":{\"type\":");
    out->append(ev.value.type().ToJSON());
    out->append(",\"value\":");
    out->append(value.value());
    out->push_back('}');
  }
  out->append("},\"blocks\":[");
  first = true;
  for (const auto& b : body.blocks) {
    if (!first) out->push_back(',');
    first = false;
    auto type = JSONString(b->type);
    out->append("{\"type\":");
    out->append(type.value_or("\"\""));
    out->append(",\"labels\":[");
    for (size_t i = 0; i < b->labels.size(); ++i) {
      if (i > 0) out->push_back(',');
      out->append(JSONString(b->labels[i]).value_or("\"\""));
    }
    out->append("],\"body\":");
    if (!AppendBody(b->body, ctx, diags, out)) ok = false;
    out->push_back('}');
  }
  out->append("]}");
  return ok;
}

}  // namespace

std::optional<std::string> EvalBodyJSON(const hcl::Body& body, const hcl::EvalContext& ctx,
                                        hcl::Diagnostics* diags) {
  std::string out;
  if (!AppendBody(body, ctx, diags, &out) || diags->HasErrors()) return std::nullopt;
  return out;
}

}  // namespace edp::tools
