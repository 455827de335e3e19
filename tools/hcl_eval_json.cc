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

// Appends `{"attributes":{NAME:{...},...` (attributes map left open) for
// attributes already sorted by name.
bool AppendAttributes(const std::vector<const hcl::Attribute*>& attrs, const hcl::EvalContext& ctx,
                      hcl::Diagnostics* diags, std::string* out) {
  bool ok = true;
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
  return ok;
}

// Appends `{"type":S,"labels":[S...],"body":` for a block.
void AppendBlockHeader(const hcl::Block& b, std::string* out) {
  out->append("{\"type\":");
  out->append(JSONString(b.type).value_or("\"\""));
  out->append(",\"labels\":[");
  for (size_t i = 0; i < b.labels.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append(JSONString(b.labels[i]).value_or("\"\""));
  }
  out->append("],\"body\":");
}

bool AppendBody(const hcl::Body& body, const hcl::EvalContext& ctx, hcl::Diagnostics* diags,
                std::string* out) {
  std::vector<const hcl::Attribute*> attrs;
  attrs.reserve(body.attributes.size());
  for (const auto& a : body.attributes) attrs.push_back(&a);
  std::stable_sort(attrs.begin(), attrs.end(),
                   [](const hcl::Attribute* a, const hcl::Attribute* b) { return a->name < b->name; });
  bool ok = AppendAttributes(attrs, ctx, diags, out);
  out->append("},\"blocks\":[");
  bool first = true;
  for (const auto& b : body.blocks) {
    if (!first) out->push_back(',');
    first = false;
    AppendBlockHeader(*b, out);
    if (!AppendBody(b->body, ctx, diags, out)) ok = false;
    out->push_back('}');
  }
  out->append("]}");
  return ok;
}

bool AppendSchemaBody(const hcl::Body& body, const hcl::BodySchema& schema, const hcl::EvalContext& ctx,
                      hcl::Diagnostics* diags, std::string* out) {
  hcl::ContentResult content = hcl::PartialContent(body, schema);
  bool ok = !content.diags.HasErrors();
  diags->Append(std::move(content.diags));
  hcl::AttributesResult attrs = hcl::JustAttributes(*content.remain);
  if (attrs.diags.HasErrors()) ok = false;
  diags->Append(std::move(attrs.diags));
  std::vector<const hcl::Attribute*> sorted;
  for (const auto& [name, a] : attrs.attributes) sorted.push_back(a);  // std::map: sorted by name
  if (!AppendAttributes(sorted, ctx, diags, out)) ok = false;
  out->append("},\"blocks\":[");
  bool first = true;
  for (const hcl::Block* b : content.content.blocks) {
    if (!first) out->push_back(',');
    first = false;
    AppendBlockHeader(*b, out);
    if (!AppendSchemaBody(b->body, schema, ctx, diags, out)) ok = false;
    out->push_back('}');
  }
  out->append("]}");
  return ok;
}

}  // namespace

hcl::BodySchema EvalJSONSchema() {
  hcl::BodySchema s;
  s.blocks = {{"resource", {"type", "name"}}, {"data", {"type", "name"}}, {"variable", {"name"}},
              {"output", {"name"}},           {"module", {"name"}},       {"provider", {"name"}},
              {"locals", {}},                 {"terraform", {}},          {"lifecycle", {}},
              {"block", {}}};
  return s;
}

std::optional<std::string> EvalSchemaBodyJSON(const hcl::Body& body, const hcl::EvalContext& ctx,
                                              hcl::Diagnostics* diags) {
  std::string out;
  if (!AppendSchemaBody(body, EvalJSONSchema(), ctx, diags, &out) || diags->HasErrors()) return std::nullopt;
  return out;
}

std::optional<std::string> EvalBodyJSON(const hcl::Body& body, const hcl::EvalContext& ctx,
                                        hcl::Diagnostics* diags) {
  std::string out;
  if (!AppendBody(body, ctx, diags, &out) || diags->HasErrors()) return std::nullopt;
  return out;
}

}  // namespace edp::tools
