// HCL's JSON syntax (hashicorp/hcl/v2/json, spec in json/spec.md).
//
// ParseJSON reads strict JSON (no comments, no trailing commas, no
// JavaScript keywords; duplicate property names are kept and reported only
// when a schema interprets them) into a tree of JSONNode with HCL positions
// (inside strings a column is a grapheme cluster, a tab counts as two
// columns, a \r as none, as in hcl's JSON scanner). The file's Body is a
// JSON body: hcl::Content, PartialContent and JustAttributes (body.h)
// decide per schema whether a property is an attribute or a block.
//
// Attribute expressions are JSONExpr. Evaluated with a context, strings are
// HCL templates ("${var.x}") parsed from the decoded string content starting
// one column after the opening quote, object keys too; evaluated without a
// context (nullptr) every string is taken literally. Numbers keep their exact
// decimal text (cty.ParseNumberVal precision), arrays become tuples, objects
// objects, null a null of dynamic type.
//
// Example:
//   auto f = hcl::ParseJSON(R"({"a": "${1 + 2}", "b": [true]})", "x.hcl.json");
//   auto attrs = hcl::JustAttributes(f.file.body);
//   hcl::EvalContext ctx;
//   auto v = attrs.attributes["a"]->expr->Value(&ctx);  // cty::Value::Int(3)
//
// Thread safety: the tree is immutable after parsing; see expression.h.
#ifndef EDP_HCL_JSON_H_
#define EDP_HCL_JSON_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hcl/body.h"
#include "hcl/expression.h"
#include "hcl/parse.h"
#include "hcl/pos.h"

namespace hcl {

// One JSON value (hcl/v2/json ast.go). kInvalid stands in for a value that
// failed to parse.
struct JSONNode {
  enum class Kind { kObject, kArray, kString, kNumber, kBool, kNull, kInvalid };
  struct Property {
    std::string name;  // decoded
    Range name_range;  // the quoted name
    std::unique_ptr<JSONNode> value;
  };

  Kind kind = Kind::kInvalid;
  Range range;        // the whole value (brace to brace for objects)
  Range open_range;   // object/array: the opening brace/bracket; else == range
  Range close_range;  // object: the closing brace; else == range
  std::string text;   // kString: the decoded value; kNumber: the source text
  bool boolean = false;                           // kBool
  std::vector<Property> properties;               // kObject, source order, duplicates kept
  std::vector<std::unique_ptr<JSONNode>> elements;  // kArray

  const Range& StartRange() const { return open_range; }
};

// A JSON value used as an expression (hcl/v2/json expression).
class JSONExpr final : public Expression {
 public:
  // `node` must live inside `doc`.
  JSONExpr(std::shared_ptr<const JSONNode> doc, const JSONNode* node);
  Evaluated Value(const EvalContext* ctx) const override;
  // Strings (and object keys) yield their parsed template; arrays and
  // objects yield a JSONExpr per element/value. Strings whose template does
  // not parse are skipped, as hcl does. The children are temporaries: `fn`
  // must not keep references to them.
  void WalkChildren(const std::function<void(const Expression&)>& fn) const override;
  Range StartRange() const override { return node_->StartRange(); }
  const JSONNode& node() const { return *node_; }

 private:
  std::shared_ptr<const JSONNode> doc_;
  const JSONNode* node_;
};

// A JSON configuration file. The root must be an object or an array of
// objects ("Root value must be object"); after any error the body is still
// usable (possibly empty).
ParsedFile ParseJSON(std::string_view src, const std::string& filename, Pos start = {});
// A single JSON value as an expression (hcl json.ParseExpression).
ParsedExpression ParseJSONExpression(std::string_view src, const std::string& filename, Pos start = {});

// True for names ending in ".json" (".tf.json", ".hcl.json", ...): the
// files tools read with ParseJSON instead of ParseConfig.
bool IsJSONFilename(std::string_view filename);

}  // namespace hcl

#endif  // EDP_HCL_JSON_H_
