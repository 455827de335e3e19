// tfplugin::ProposedNewState / NormalizeConfig (objchange.h): what tofu
// core proposes to a provider, over the wire schema.
#include "tfplugin/objchange.h"

#include <gtest/gtest.h>

#include <memory>

namespace tfplugin {
namespace {

using cty::Type;
using cty::Value;

Value S(const char* s) { return Value::String(s); }

SchemaAttribute Attr(const char* name, Type t, bool optional, bool computed) {
  SchemaAttribute a;
  a.name = name;
  a.type = t;
  a.optional = optional;
  a.required = !optional && !computed;
  a.computed = computed;
  return a;
}

// resource: name (required), description (optional+computed), id (computed),
// rule (set block: port (required), note (optional+computed)),
// timeouts (single block: create (optional)).
SchemaBlock Resource() {
  auto rule = std::make_shared<SchemaBlock>();
  rule->attributes = {Attr("port", Type::String(), false, false), Attr("note", Type::String(), true, true)};
  auto timeouts = std::make_shared<SchemaBlock>();
  timeouts->attributes = {Attr("create", Type::String(), true, false)};
  SchemaBlock b;
  b.attributes = {Attr("name", Type::String(), false, false), Attr("description", Type::String(), true, true),
                  Attr("id", Type::String(), false, true)};
  b.block_types = {SchemaNestedBlock{"rule", rule, NestingMode::kSet, 0, 0},
                   SchemaNestedBlock{"timeouts", timeouts, NestingMode::kSingle, 0, 0}};
  return b;
}

Value Rule(const SchemaBlock& b, Value port, Value note) {
  return Value::ObjectOf(b.FindBlockType("rule")->block->ImpliedType(), {{"port", port}, {"note", note}});
}

Value Obj(const SchemaBlock& b, Value name, Value description, Value id, std::vector<Value> rules) {
  Type rule_t = b.FindBlockType("rule")->block->ImpliedType();
  Type timeouts_t = b.FindBlockType("timeouts")->block->ImpliedType();
  return Value::ObjectOf(b.ImpliedType(), {{"name", name},
                                           {"description", description},
                                           {"id", id},
                                           {"rule", Value::Set(rule_t, std::move(rules))},
                                           {"timeouts", Value::Null(timeouts_t)}});
}

TEST(ObjChange, CreateProposesTheConfiguration) {
  SchemaBlock b = Resource();
  Value null_s = Value::Null(Type::String());
  Value config = Obj(b, S("a"), null_s, null_s, {Rule(b, S("443"), null_s)});
  EXPECT_EQ(ProposedNewState(b, Value::Null(b.ImpliedType()), config), config);
}

TEST(ObjChange, ComputedAttributesKeepPriorValuesNestedSetElementsCorrelate) {
  SchemaBlock b = Resource();
  Value null_s = Value::Null(Type::String());
  Value prior = Obj(b, S("a"), S("from api"), S("id-1"),
                    {Rule(b, S("443"), S("https")), Rule(b, S("80"), S("http"))});
  // The user renames, leaves description and the rules' notes unset, drops port 80.
  Value config = Obj(b, S("b"), null_s, null_s, {Rule(b, S("443"), null_s)});
  Value want = Obj(b, S("b"), S("from api"), S("id-1"), {Rule(b, S("443"), S("https"))});
  EXPECT_EQ(ProposedNewState(b, prior, config), want);
}

TEST(ObjChange, ConfiguredValueWinsOverPriorAndDestroyProposesNull) {
  SchemaBlock b = Resource();
  Value null_s = Value::Null(Type::String());
  Value prior = Obj(b, S("a"), S("old"), S("id-1"), {});
  Value config = Obj(b, S("a"), S("new"), null_s, {});
  EXPECT_EQ(ProposedNewState(b, prior, config).GetAttr("description"), S("new"));
  EXPECT_TRUE(ProposedNewState(b, prior, Value::Null(b.ImpliedType())).IsNull());
}

TEST(ObjChange, NormalizeTurnsNullCollectionBlocksIntoEmptyOnes) {
  SchemaBlock b = Resource();
  Type rule_t = b.FindBlockType("rule")->block->ImpliedType();
  Type timeouts_t = b.FindBlockType("timeouts")->block->ImpliedType();
  Value null_s = Value::Null(Type::String());
  Value decoded = Value::ObjectOf(b.ImpliedType(), {{"name", S("a")},
                                                    {"description", null_s},
                                                    {"id", null_s},
                                                    {"rule", Value::Null(Type::Set(rule_t))},
                                                    {"timeouts", Value::Null(timeouts_t)}});
  Value n = NormalizeConfig(b, decoded);
  EXPECT_EQ(n.GetAttr("rule"), Value::EmptySet(rule_t));
  EXPECT_TRUE(n.GetAttr("timeouts").IsNull());  // single blocks stay null
  EXPECT_EQ(n.GetAttr("name"), S("a"));
}

}  // namespace
}  // namespace tfplugin
