// JSONExpr: evaluation and static analysis of JSON-syntax values (hcl/v2/json
// structure.go, expression).
#include <map>
#include <string>

#include "cty/convert.h"
#include "cty/number.h"
#include "hcl/json.h"

namespace hcl {
namespace {

// Where the template inside a string token starts: one column after the
// opening quote. Positions inside drift after escapes, as in hcl.
Pos TemplateStart(const Range& r) {
  Pos p = r.start;
  p.byte += 1;
  p.column += 1;
  return p;
}

// A string value: a template when there is a context, else the literal text.
Evaluated EvalString(const std::string& text, const Range& range, const EvalContext* ctx) {
  if (!ctx) return {cty::Value::String(text), {}};
  ParsedExpression t = ParseTemplate(text, range.filename, TemplateStart(range));
  if (t.diags.HasErrors()) return {cty::Value::DynamicVal(), std::move(t.diags)};
  Evaluated ev = t.expr->Value(ctx);
  t.diags.Append(std::move(ev.diags));
  ev.diags = std::move(t.diags);
  return ev;
}

Diagnostic KeyError(std::string detail, const Range& subject) {
  Diagnostic d;
  d.summary = "Invalid object key expression";
  d.detail = std::move(detail);
  d.subject = subject;
  return d;
}

Evaluated EvalNode(const JSONNode& n, const EvalContext* ctx) {
  switch (n.kind) {
    case JSONNode::Kind::kString:
      return EvalString(n.text, n.range, ctx);
    case JSONNode::Kind::kNumber: {
      auto num = cty::Number::Parse(n.text);  // validated by the parser
      if (!num.ok()) return {cty::Value::DynamicVal(), {}};
      return {cty::Value::Number(num.value()), {}};
    }
    case JSONNode::Kind::kBool:
      return {cty::Value::Bool(n.boolean), {}};
    case JSONNode::Kind::kNull:
      return {cty::Value::Null(cty::Type::Dynamic()), {}};
    case JSONNode::Kind::kArray: {
      Evaluated out;
      std::vector<cty::Value> vals;
      vals.reserve(n.elements.size());
      for (const auto& e : n.elements) {
        Evaluated ev = EvalNode(*e, ctx);
        vals.push_back(std::move(ev.value));
        out.diags.Append(std::move(ev.diags));
      }
      out.value = cty::Value::Tuple(std::move(vals));
      return out;
    }
    case JSONNode::Kind::kObject: {
      Evaluated out;
      std::map<std::string, cty::Value> attrs;
      std::map<std::string, Range> attr_ranges;
      bool known = true;
      for (const auto& p : n.properties) {
        // Keys may interpolate too (parity with native object expressions).
        Evaluated name = EvalString(p.name, p.name_range, ctx);
        Evaluated val = EvalNode(*p.value, ctx);
        out.diags.Append(std::move(name.diags));
        out.diags.Append(std::move(val.diags));
        auto str = cty::Convert(name.value, cty::Type::String());
        if (!str.ok()) {
          out.diags.Add(KeyError("Cannot use this expression as an object key: " + str.error().ToString() + ".",
                                 p.name_range));
          continue;
        }
        const cty::Value& key = str.value();
        if (key.IsNull()) {
          out.diags.Add(KeyError("Cannot use null value as an object key.", p.name_range));
          continue;
        }
        if (!key.IsKnown()) {
          known = false;  // the object's type cannot be known; keep collecting errors
          continue;
        }
        const std::string& k = key.Unmark().AsString();
        if (auto it = attr_ranges.find(k); it != attr_ranges.end()) {
          Diagnostic d;
          d.summary = "Duplicate object attribute";
          d.detail = "An attribute named \"" + k + "\" was already defined at " + it->second.ToString() + ".";
          d.subject = p.name_range;
          out.diags.Add(std::move(d));
          continue;
        }
        attrs[k] = std::move(val.value);
        attr_ranges[k] = p.name_range;
      }
      out.value = known ? cty::Value::Object(std::move(attrs)) : cty::Value::DynamicVal();
      return out;
    }
    case JSONNode::Kind::kInvalid:
      break;
  }
  return {cty::Value::DynamicVal(), {}};
}

}  // namespace

JSONExpr::JSONExpr(std::shared_ptr<const JSONNode> doc, const JSONNode* node)
    : Expression(ExprKind::kJSON, node->range), doc_(std::move(doc)), node_(node) {}

Evaluated JSONExpr::Value(const EvalContext* ctx) const { return EvalNode(*node_, ctx); }

void JSONExpr::WalkChildren(const std::function<void(const Expression&)>& fn) const {
  auto walk_string = [&](const std::string& text, const Range& range) {
    ParsedExpression t = ParseTemplate(text, range.filename, TemplateStart(range));
    if (!t.diags.HasErrors()) fn(*t.expr);
  };
  switch (node_->kind) {
    case JSONNode::Kind::kString:
      walk_string(node_->text, node_->range);
      return;
    case JSONNode::Kind::kArray:
      for (const auto& e : node_->elements) fn(JSONExpr(doc_, e.get()));
      return;
    case JSONNode::Kind::kObject:
      for (const auto& p : node_->properties) {
        walk_string(p.name, p.name_range);
        fn(JSONExpr(doc_, p.value.get()));
      }
      return;
    default:
      return;
  }
}

}  // namespace hcl
