// Schemas: implied types, wire form, empty values, the self-check (run on
// every shipped schema) and generated documentation.
#include <gtest/gtest.h>

#include "framework/docs.h"
#include "framework/plan_modifier.h"
#include "framework/schema_check.h"
#include "framework/validators.h"
#include "harness.h"
#include "provider/edp_provider.h"
#include "provider/otc_config.h"

namespace fwtest {
namespace {

namespace fw = framework;

TEST(SchemaTest, ImpliedTypeMatchesTheWireSchema) {
  Harness h;
  for (const auto& [name, schema] : h.provider().resource_schemas()) {
    EXPECT_EQ(schema.ImpliedType(), fw::ToWire(schema).block.ImpliedType()) << name;
  }
  EXPECT_EQ(h.thing().FindBlock("rule")->ImpliedType(),
            cty::Type::List(cty::Type::Object({{"port", cty::Type::Number()},
                                               {"protocol", cty::Type::String()},
                                               {"rule_id", cty::Type::String()}})));
}

TEST(SchemaTest, WireFormCarriesFlags) {
  Harness h;
  tfplugin::Schema w = fw::ToWire(h.thing_schema());
  EXPECT_EQ(w.version, 2);
  const tfplugin::SchemaAttribute* pw = w.block.FindAttribute("password");
  ASSERT_NE(pw, nullptr);
  EXPECT_TRUE(pw->optional && pw->sensitive && !pw->computed);
  const tfplugin::SchemaAttribute* wo = w.block.FindAttribute("secret_wo");
  ASSERT_NE(wo, nullptr);
  EXPECT_TRUE(wo->write_only);
  const tfplugin::SchemaAttribute* net = w.block.FindAttribute("network");
  ASSERT_NE(net, nullptr);
  ASSERT_TRUE(net->nested);
  EXPECT_EQ(net->nested->attributes.size(), 3u);
  const tfplugin::SchemaNestedBlock* rule = w.block.FindBlockType("rule");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->nesting, tfplugin::NestingMode::kList);
  EXPECT_EQ(rule->max_items, 5);
  EXPECT_EQ(w.block.FindBlockType("timeouts")->nesting, tfplugin::NestingMode::kSingle);
}

TEST(SchemaTest, EmptyValue) {
  Harness h;
  cty::Value v = fw::EmptyValue(h.thing());
  EXPECT_EQ(v.type(), h.thing_type());
  EXPECT_TRUE(v.GetAttr("name").IsNull());
  EXPECT_EQ(v.GetAttr("rule"),
            cty::Value::EmptyList(h.thing().FindBlock("rule")->ImpliedType().element()));
  EXPECT_EQ(v.GetAttr("label").LengthInt(), 0u);
  EXPECT_EQ(v.GetAttr("endpoint").LengthInt(), 0u);
  EXPECT_TRUE(v.GetAttr("settings").IsNull());
}

TEST(SchemaCheckTest, EveryShippedSchemaPasses) {
  fw::FrameworkProvider edp(std::make_shared<provider::EdpProvider>(fw::MapEnv({})));
  EXPECT_EQ(Summaries(edp.registration_diagnostics()), "");
  // The EDP provider must also work over protocol 5.
  EXPECT_EQ(Summaries(fw::CheckSchema(edp.provider_schema(), {fw::SchemaKind::kProvider, true})),
            "");
  for (const auto& [name, s] : edp.resource_schemas()) {
    EXPECT_EQ(Summaries(fw::CheckSchema(s, {fw::SchemaKind::kResource, true})), "") << name;
  }
  for (const auto& [name, s] : edp.data_source_schemas()) {
    EXPECT_EQ(Summaries(fw::CheckSchema(s, {fw::SchemaKind::kDataSource, true})), "") << name;
  }
  Harness test_provider;
  EXPECT_EQ(Summaries(test_provider.provider().registration_diagnostics()), "");
  Harness p5(/*nested_attributes=*/false);
  for (const auto& [name, s] : p5.provider().resource_schemas()) {
    EXPECT_EQ(Summaries(fw::CheckSchema(s, {fw::SchemaKind::kResource, true})), "") << name;
  }
  EXPECT_EQ(
      Summaries(fw::CheckSchema(test_provider.thing_schema(), {fw::SchemaKind::kResource, true})),
      "Error: Invalid Schema [at network]");
}

fw::Schema One(const std::string& name, fw::Attribute a) {
  fw::Schema s;
  s.block.Add(name, std::move(a));
  return s;
}
fw::Schema OneBlock(const std::string& name, fw::NestedBlock b) {
  fw::Schema s;
  s.block.Add(name, std::move(b));
  return s;
}
fw::Block Leaf() {
  fw::Block b;
  b.Add("x", fw::StringAttribute().Optional());
  return b;
}

TEST(SchemaCheckTest, RulesTable) {
  fw::Block wo_block;
  wo_block.Add("w", fw::StringAttribute().Optional().WriteOnly());
  fw::Schema collide = One("a", fw::StringAttribute().Optional());
  collide.block.Add("a", fw::SingleBlock(Leaf()));
  fw::Schema bad_sibling =
      One("a", fw::StringAttribute().Optional().Validators({fw::ConflictsWith({"zzz"})}));
  fw::Schema negative;
  negative.version = -1;
  struct Case {
    const char* name;
    fw::Schema schema;
    fw::SchemaKind kind;
    bool protocol5;
    std::string want;
  } cases[] = {
      {"bad name", One("Name", fw::StringAttribute().Optional()), fw::SchemaKind::kResource, false,
       "Error: Invalid Schema [at Name]"},
      {"no flags", One("a", fw::StringAttribute()), fw::SchemaKind::kResource, false,
       "Error: Invalid Schema [at a]"},
      {"required+optional", One("a", fw::StringAttribute().Required().Optional()),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"required+computed", One("a", fw::StringAttribute().Required().Computed()),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"default not computed", One("a", fw::StringAttribute().Optional().Default(S("x"))),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"default wrong type", One("a", fw::StringAttribute().Optional().Computed().Default(N(1))),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"write-only computed", One("a", fw::StringAttribute().Optional().Computed().WriteOnly()),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"write-only in data source", One("a", fw::StringAttribute().Optional().WriteOnly()),
       fw::SchemaKind::kDataSource, false, "Error: Invalid Schema [at a]"},
      {"write-only in set block", OneBlock("s", fw::SetBlock(wo_block)), fw::SchemaKind::kResource,
       false, "Error: Invalid Schema [at s.w]"},
      {"computed provider attribute", One("a", fw::StringAttribute().Computed()),
       fw::SchemaKind::kProvider, false, "Error: Invalid Schema [at a]"},
      {"env on resource", One("a", fw::StringAttribute().Optional().Env({"X"})),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"nested attribute on protocol 5",
       One("a", fw::SingleNestedAttribute({{"b", fw::StringAttribute().Optional()}}).Optional()),
       fw::SchemaKind::kResource, true, "Error: Invalid Schema [at a]"},
      {"single block min 2", OneBlock("b", fw::SingleBlock(Leaf()).MinItems(2).MaxItems(2)),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at b]"},
      {"group with min", OneBlock("b", fw::GroupBlock(Leaf()).MinItems(1)),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at b]"},
      {"list min > max", OneBlock("b", fw::ListBlock(Leaf()).MinItems(3).MaxItems(2)),
       fw::SchemaKind::kResource, false, "Error: Invalid Schema [at b]"},
      {"map with max", OneBlock("b", fw::MapBlock(Leaf()).MaxItems(2)), fw::SchemaKind::kResource,
       false, "Error: Invalid Schema [at b]"},
      {"name collision", collide, fw::SchemaKind::kResource, false, "Error: Invalid Schema [at a]"},
      {"unknown sibling", bad_sibling, fw::SchemaKind::kResource, false,
       "Error: Invalid Schema [at a]"},
      {"negative version", negative, fw::SchemaKind::kResource, false, "Error: Invalid Schema"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Summaries(fw::CheckSchema(c.schema, {c.kind, c.protocol5})), c.want) << c.name;
  }
}

TEST(DocsTest, ResourceMarkdown) {
  Harness h;
  fw::DocOptions o;
  o.name = "edptest_thing";
  o.import_id_format = "<id>";
  std::string md = fw::GenerateMarkdown(h.thing_schema(), o);
  for (const char* want : {
           "page_title: \"edptest_thing Resource\"",
           "# edptest_thing (Resource)",
           "### Required\n\n- `name` (String) The name. String length must be between 1 and 64.\n",
           "- `zone` (String) The zone. Possible values: `a`, `b`, `c`. Changing this forces a new "
           "resource.",
           "- `size` (Number) Value must be a whole number between 1 and 100. Defaults to `1`.",
           "- `password` (String, Sensitive) Requires `user` to be set.",
           "- `secret_wo` (String, Write-only)",
           "- `rule` (Block List, Max: 5) (see [below for nested schema](#nestedblock--rule))",
           "- `network` (Attributes) Network placement",
           "### Read-Only\n\n- `created_at` (String)",
           "<a id=\"nestedblock--rule\"></a>\n### Nested Schema for `rule`\n\nRequired:\n\n- "
           "`port` "
           "(Number)",
           "## Timeouts",
           "- `create` - Default `2m0s`.",
           "tofu import edptest_thing.example <id>",
       }) {
    EXPECT_NE(md.find(want), std::string::npos) << "missing: " << want << "\n---\n" << md;
  }
}

TEST(DocsTest, ProviderMarkdownListsEnvironmentVariables) {
  fw::DocOptions o;
  o.kind = fw::DocKind::kProvider;
  o.name = "edp";
  std::string md = fw::GenerateMarkdown(provider::OtcProviderSchema(), o);
  EXPECT_NE(md.find("# edp Provider"), std::string::npos);
  EXPECT_NE(md.find("- `tenant_name` (String)"), std::string::npos) << md;
  EXPECT_NE(md.find("Environment: `OS_TENANT_NAME`, `OS_PROJECT_NAME`."), std::string::npos) << md;
  EXPECT_NE(md.find("- `password` (String, Sensitive)"), std::string::npos);
  EXPECT_EQ(md.find("## Import"), std::string::npos);
}

}  // namespace
}  // namespace fwtest
