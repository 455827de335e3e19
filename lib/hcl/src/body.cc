#include "hcl/body.h"

#include "json_body.h"

namespace hcl {
namespace {

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::vector<std::string> AttrNames(const BodySchema& schema) {
  std::vector<std::string> out;
  for (const auto& a : schema.attributes) out.push_back(a.name);
  return out;
}
std::vector<std::string> BlockNames(const BodySchema& schema) {
  std::vector<std::string> out;
  for (const auto& b : schema.blocks) out.push_back(b.type);
  return out;
}

// The native body whose items `body` shows (itself unless a remain view).
const Body& Source(const Body& body) { return body.base ? *body.base : body; }

const Attribute* FindVisible(const Body& body, const std::string& name) {
  if (body.hidden.count(name)) return nullptr;
  return Source(body).FindAttribute(name);
}

ContentResult DoContent(const Body& body, const BodySchema& schema, bool partial) {
  ContentResult r;
  r.content.missing_item_range = body.end_range;
  const Body& src = Source(body);
  auto remain = std::make_shared<Body>();
  remain->base = &src;
  remain->hidden = body.hidden;
  remain->hidden_blocks = body.hidden_blocks;
  remain->src_range = body.src_range;
  remain->end_range = body.end_range;
  for (const auto& as : schema.attributes) {
    const Attribute* a = FindVisible(body, as.name);
    if (a) {
      remain->hidden.insert(as.name);
      r.content.attributes[as.name] = a;
    } else if (as.required) {
      r.diags.AddError("Missing required argument",
                       "The argument " + Quote(as.name) + " is required, but no definition was found.",
                       body.end_range);
    }
  }
  for (const auto& bs : schema.blocks) remain->hidden_blocks.insert(bs.type);
  for (const auto& b : src.blocks) {
    if (body.hidden_blocks.count(b->type)) continue;
    const BlockHeaderSchema* bs = nullptr;
    for (const auto& s : schema.blocks)
      if (s.type == b->type) bs = &s;
    if (!bs) {
      if (partial) continue;
      std::string detail = "Blocks of type " + Quote(b->type) + " are not expected here.";
      bool is_attr = false;
      for (const auto& a : schema.attributes)
        if (a.name == b->type) is_attr = true;
      if (is_attr) {
        detail += " Did you mean to define argument " + Quote(b->type) +
                  "? If so, use the equals sign to assign it a value.";
      } else {
        std::string s = NameSuggestion(b->type, BlockNames(schema));
        if (!s.empty()) detail += " Did you mean " + Quote(s) + "?";
      }
      r.diags.AddError("Unsupported block type", detail, b->type_range);
      continue;
    }
    size_t want = bs->label_names.size();
    if (b->labels.size() < want) {
      const std::string& name = bs->label_names[b->labels.size()];
      r.diags.AddError("Missing " + name + " for " + b->type,
                       "All " + b->type + " blocks must have " + std::to_string(want) + " labels (" +
                           [&] {
                             std::string s;
                             for (size_t k = 0; k < want; ++k) s += (k ? ", " : "") + bs->label_names[k];
                             return s;
                           }() +
                           ").",
                       b->label_ranges.empty() ? b->open_brace_range : b->label_ranges.back(),
                       Range::Between(b->type_range, b->open_brace_range));
      continue;
    }
    if (b->labels.size() > want) {
      std::string detail = want == 0 ? "No labels are expected for " + b->type + " blocks."
                                     : "Only " + std::to_string(want) + " labels (" + [&] {
                                         std::string s;
                                         for (size_t k = 0; k < want; ++k) s += (k ? ", " : "") + bs->label_names[k];
                                         return s;
                                       }() + ") are expected for " + b->type + " blocks.";
      r.diags.AddError("Extraneous label for " + b->type, detail, b->label_ranges[want],
                       Range::Between(b->type_range, b->open_brace_range));
      continue;
    }
    r.content.blocks.push_back(b.get());
  }
  if (partial) r.remain = std::move(remain);
  if (!partial) {
    for (const auto& a : src.attributes) {
      if (body.hidden.count(a.name)) continue;
      bool known = false;
      for (const auto& s : schema.attributes)
        if (s.name == a.name) known = true;
      if (known) continue;
      bool is_block = false;
      for (const auto& s : schema.blocks)
        if (s.type == a.name) is_block = true;
      std::string detail = "An argument named " + Quote(a.name) + " is not expected here.";
      if (is_block) {
        detail += " Did you mean to define a block of type " + Quote(a.name) + "?";
      } else {
        std::string s = NameSuggestion(a.name, AttrNames(schema));
        if (!s.empty()) detail += " Did you mean " + Quote(s) + "?";
      }
      r.diags.AddError("Unsupported argument", detail, a.name_range);
    }
  }
  return r;
}

}  // namespace

const Attribute* Body::FindAttribute(std::string_view name) const {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

Range Block::DefRange() const {
  if (def_range) return *def_range;
  Range r = type_range;
  if (!label_ranges.empty()) r = Range::Between(r, label_ranges.back());
  return r;
}

ContentResult Content(const Body& body, const BodySchema& schema) {
  if (body.IsJSON()) return JSONContent(body, schema);
  return DoContent(body, schema, false);
}
ContentResult PartialContent(const Body& body, const BodySchema& schema) {
  if (body.IsJSON()) return JSONPartialContent(body, schema);
  return DoContent(body, schema, true);
}

AttributesResult JustAttributes(const Body& body) {
  if (body.IsJSON()) return JSONJustAttributes(body);
  AttributesResult r;
  const Body& src = Source(body);
  for (const auto& a : src.attributes) {
    if (!body.hidden.count(a.name)) r.attributes[a.name] = &a;
  }
  for (const auto& b : src.blocks) {
    if (body.hidden_blocks.count(b->type)) continue;
    r.diags.AddError("Unexpected " + Quote(b->type) + " block", "Blocks are not allowed here.", b->type_range);
  }
  return r;
}

}  // namespace hcl
