// Schema-driven access to JSON-syntax bodies (hcl/v2/json structure.go):
// which properties are attributes and which are blocks is decided here, per
// schema, and the resulting Attribute/Block objects are owned by the result.
#include <map>
#include <string>
#include <vector>

#include "hcl/json.h"
#include "json_body.h"

namespace hcl {
namespace {

using Kind = JSONNode::Kind;
using Prop = JSONNode::Property;

Diagnostic Err(std::string summary, std::string detail, const Range& subject,
               std::optional<Range> context = std::nullopt) {
  Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.subject = subject;
  d.context = std::move(context);
  return d;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

Range MissingItemRange(const JSONNode& n) {
  if (n.kind == Kind::kObject) return n.close_range;
  return n.StartRange();
}

Body BodyFor(const Body& parent, const JSONNode* node) {
  Body b;
  b.json_doc = parent.json_doc;
  b.json = node;
  b.src_range = node->range;
  b.end_range = MissingItemRange(*node);
  return b;
}

std::unique_ptr<Attribute> MakeAttribute(const Body& body, const Prop& p) {
  auto a = std::make_unique<Attribute>();
  a->name = p.name;
  a->expr = std::make_unique<JSONExpr>(body.json_doc, p.value.get());
  a->name_range = p.name_range;
  a->src_range = Range::Between(p.name_range, p.value->range);
  a->equals_range = Range{p.name_range.filename, p.name_range.end, p.name_range.end};
  return a;
}

// The properties of an object, or of every object in an array of objects,
// in order (hcl collectDeepAttrs). `label_name` only tailors the messages.
std::vector<const Prop*> CollectDeepAttrs(const JSONNode& v, const std::string* label_name, Diagnostics* diags) {
  std::vector<const Prop*> out;
  switch (v.kind) {
    case Kind::kNull:
      break;
    case Kind::kObject:
      for (const auto& p : v.properties) out.push_back(&p);
      break;
    case Kind::kArray:
      for (const auto& e : v.elements) {
        if (e->kind == Kind::kObject) {
          for (const auto& p : e->properties) out.push_back(&p);
        } else if (label_name) {
          diags->Add(Err("Incorrect JSON value type",
                         "A JSON object is required here, to specify " + *label_name + " labels for this block.",
                         e->StartRange()));
        } else {
          diags->Add(Err("Incorrect JSON value type",
                         "A JSON object is required here, to define arguments and child blocks.", e->StartRange()));
        }
      }
      break;
    default:
      if (label_name) {
        diags->Add(Err("Incorrect JSON value type",
                       "Either a JSON object or JSON array of objects is required here, to specify " + *label_name +
                           " labels for this block.",
                       v.StartRange()));
      } else {
        diags->Add(Err("Incorrect JSON value type",
                       "Either a JSON object or JSON array of objects is required here, to define arguments and "
                       "child blocks.",
                       v.StartRange()));
      }
  }
  return out;
}

// Peels one nested object level per label, then makes one block for an
// object value or one per element of an array value (hcl unpackBlock).
void UnpackBlock(const Body& body, const JSONNode& v, const std::string& type, const Range& type_range,
                 const std::vector<std::string>& label_names, size_t label_index, std::vector<std::string>* labels,
                 std::vector<Range>* label_ranges, MaterializedItems* owned, Diagnostics* diags) {
  if (label_index < label_names.size()) {
    const std::string& label_name = label_names[label_index];
    std::vector<const Prop*> props = CollectDeepAttrs(v, &label_name, diags);
    if (props.empty()) {
      diags->Add(Err("Missing block label",
                     "At least one object property is required, whose name represents the " + type + " block's " +
                         label_name + ".",
                     v.StartRange()));
      return;
    }
    for (const Prop* p : props) {
      labels->push_back(p->name);
      label_ranges->push_back(p->name_range);
      UnpackBlock(body, *p->value, type, type_range, label_names, label_index + 1, labels, label_ranges, owned,
                  diags);
      labels->pop_back();
      label_ranges->pop_back();
    }
    return;
  }
  auto make_block = [&](const JSONNode* content, const Range& def) {
    auto b = std::make_unique<Block>();
    b->type = type;
    b->labels = *labels;
    b->label_ranges = *label_ranges;
    b->type_range = type_range;
    b->def_range = def;
    b->open_brace_range = content->StartRange();
    b->close_brace_range = content->kind == Kind::kObject ? content->close_range : content->StartRange();
    b->body = BodyFor(body, content);
    owned->blocks.push_back(std::move(b));
  };
  switch (v.kind) {
    case Kind::kNull:
      return;  // no block at all
    case Kind::kObject:
      make_block(&v, v.open_range);
      return;
    case Kind::kArray:
      // Each element is a block body; a non-object shows up when its
      // content is requested.
      for (const auto& e : v.elements) make_block(e.get(), v.open_range);
      return;
    default:
      diags->Add(Err("Incorrect JSON value type",
                     "Either a JSON object or a JSON array is required, representing the contents of one or more " +
                         Quote(type) + " blocks.",
                     v.StartRange()));
  }
}

}  // namespace

ContentResult JSONPartialContent(const Body& body, const BodySchema& schema) {
  ContentResult r;
  auto owned = std::make_shared<MaterializedItems>();
  std::vector<const Prop*> props = CollectDeepAttrs(*body.json, nullptr, &r.diags);

  auto remain = std::make_shared<Body>(BodyFor(body, body.json));
  remain->hidden = body.hidden;
  r.content.missing_item_range = MissingItemRange(*body.json);

  std::map<std::string, const Attribute*> attrs;
  for (const Prop* p : props) {
    if (body.hidden.count(p->name)) continue;
    const AttributeSchema* as = nullptr;
    for (const auto& s : schema.attributes)
      if (s.name == p->name) as = &s;
    if (as) {
      if (auto it = attrs.find(p->name); it != attrs.end()) {
        Range this_range = Range::Between(p->name_range, p->value->range);
        r.diags.Add(Err("Duplicate argument",
                        "The argument " + Quote(p->name) + " was already set at " + it->second->src_range.ToString() +
                            ".",
                        p->name_range, this_range));
        continue;
      }
      owned->attributes.push_back(MakeAttribute(body, *p));
      attrs[p->name] = owned->attributes.back().get();
      remain->hidden.insert(p->name);
      continue;
    }
    const BlockHeaderSchema* bs = nullptr;
    for (const auto& s : schema.blocks)
      if (s.type == p->name) bs = &s;
    if (bs) {
      std::vector<std::string> labels;
      std::vector<Range> label_ranges;
      UnpackBlock(body, *p->value, bs->type, p->name_range, bs->label_names, 0, &labels, &label_ranges, owned.get(),
                  &r.diags);
      remain->hidden.insert(p->name);
    }
    // Anything else is left for the remain body (Content reports it).
  }
  for (const auto& as : schema.attributes) {
    if (as.required && !attrs.count(as.name)) {
      r.diags.Add(Err("Missing required argument",
                      "The argument " + Quote(as.name) + " is required, but no definition was found.",
                      MissingItemRange(*body.json)));
    }
  }
  r.content.attributes = std::move(attrs);
  for (const auto& b : owned->blocks) r.content.blocks.push_back(b.get());
  r.content.owned = std::move(owned);
  r.remain = std::move(remain);
  return r;
}

ContentResult JSONContent(const Body& body, const BodySchema& schema) {
  ContentResult r = JSONPartialContent(body, schema);
  const std::set<std::string>& used = r.remain->hidden;
  std::vector<std::string> suggestions;
  for (const auto& as : schema.attributes)
    if (!used.count(as.name)) suggestions.push_back(as.name);  // not suggested once set
  for (const auto& bs : schema.blocks) suggestions.push_back(bs.type);

  for (const Prop* p : CollectDeepAttrs(*body.json, nullptr, &r.diags)) {
    if (p->name == "//") continue;  // comments
    if (used.count(p->name)) continue;
    std::string detail = "No argument or block type is named " + Quote(p->name) + ".";
    std::string s = NameSuggestion(p->name, suggestions);
    if (!s.empty()) detail += " Did you mean " + Quote(s) + "?";
    r.diags.Add(Err("Extraneous JSON object property", detail, p->name_range, p->name_range));
  }
  r.remain.reset();
  return r;
}

AttributesResult JSONJustAttributes(const Body& body) {
  AttributesResult r;
  if (body.json->kind != Kind::kObject) {
    r.diags.Add(Err("Incorrect JSON value type",
                    "A JSON object is required here, setting the arguments for this block.",
                    body.json->StartRange()));
    return r;
  }
  auto owned = std::make_shared<MaterializedItems>();
  for (const auto& p : body.json->properties) {
    if (p.name == "//") continue;  // comments
    if (body.hidden.count(p.name)) continue;
    if (auto it = r.attributes.find(p.name); it != r.attributes.end()) {
      r.diags.Add(Err("Duplicate attribute definition",
                      "The argument " + Quote(p.name) + " was already set at " + it->second->src_range.ToString() +
                          ".",
                      p.name_range));
      continue;
    }
    owned->attributes.push_back(MakeAttribute(body, p));
    r.attributes[p.name] = owned->attributes.back().get();
  }
  r.owned = std::move(owned);
  return r;
}

}  // namespace hcl
