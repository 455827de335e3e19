// Template functions (OpenTofu lang/funcs/render_template.go, filesystem.go
// MakeTemplateFileFunc, string.go MakeTemplateStringFunc): templatefile and
// templatestring render an HCL template whose only variables are the keys
// of `vars` and whose functions are the standard ones.
//
// Deliberate differences from tofu:
//   * templatefile cannot call templatefile (tofu 1.6-1.8 behaviour, with
//     its message), and nested template rendering of any kind stops at
//     kMaxTemplateDepth levels with an error instead of tofu 1.9's 1024, so
//     a self-expanding templatestring cannot exhaust the stack.
#include <unicode/uchar.h>

#include <memory>
#include <string>
#include <utility>

#include "funcs/funcs.h"
#include "hcl/expression.h"
#include "hcl/parse.h"
#include "internal.h"

namespace funcs::internal {
namespace {

constexpr int kMaxTemplateDepth = 64;
// Nesting of template renders on this thread (templatestring inside a
// template inside ...).
thread_local int g_template_depth = 0;

class DepthGuard {
 public:
  DepthGuard() { ++g_template_depth; }
  ~DepthGuard() { --g_template_depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
};

// hclsyntax.ValidIdentifier: an ID_Start character (or '_') followed by
// ID_Continue characters or '-'.
bool ValidIdentifier(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  bool first = true;
  while (i < s.size()) {
    size_t start = i;
    char32_t r = DecodeRune(s, &i);
    if (r == 0xFFFD && i - start <= 1) return false;
    bool ok = first ? (r == '_' || u_hasBinaryProperty(static_cast<UChar32>(r), UCHAR_ID_START))
                    : (r == '-' || u_hasBinaryProperty(static_cast<UChar32>(r), UCHAR_ID_CONTINUE));
    if (!ok) return false;
    first = false;
  }
  return true;
}

// hcl.Diagnostics.Error(): the first error as "SUBJECT: SUMMARY; DETAIL",
// plus how many others there were.
std::string DiagnosticsError(const hcl::Diagnostics& diags) {
  size_t count = 0;
  std::string first;
  for (const hcl::Diagnostic& d : diags) {
    if (count++ == 0)
      first = (d.subject ? d.subject->ToString() : std::string("<nil>")) + ": " + d.summary + "; " + d.detail;
  }
  if (count == 0) return "no diagnostics";
  if (count == 1) return first;
  return first + ", and " + std::to_string(count - 1) + " other diagnostic(s)";
}

// The function table a template is evaluated with.
struct TemplateScope {
  std::shared_ptr<const cty::FunctionTable> base;  // everything but the template functions
  StandardOptions options;
};

cty::FunctionTable TemplateFunctions(const TemplateScope& scope, bool allow_templatefile);

// render_template.go renderTemplate. `from_file`: error positions name the
// template file.
FuncResult<Value> Render(const hcl::Expression& expr, const Value& vars, const TemplateScope& scope,
                         bool allow_templatefile, bool from_file) {
  const Type& vt = vars.type();
  if (!vt.IsMap() && !vt.IsObject()) return ArgErr(1, "invalid vars value: must be a map");
  hcl::EvalContext ctx;
  for (const auto& [name, v] : vars.Attributes()) {
    if (!ValidIdentifier(name)) {
      return ArgErr(1, "invalid template variable name " + GoQuote(name) +
                           ": must start with a letter, followed by zero or more letters, digits, and underscores");
    }
    ctx.variables[name] = v;
  }
  for (const hcl::Traversal& t : hcl::Variables(expr)) {
    const std::string& root = t.RootName();
    if (ctx.variables.count(root)) continue;
    std::string where = GoQuote(root);
    if (from_file) where += ", referenced at " + t.steps[0].range.ToString();
    return ArgErr(1, "vars map does not contain key " + where);
  }
  ctx.functions = TemplateFunctions(scope, allow_templatefile);
  ctx.closure_functions = hcl::TryFunctions();
  hcl::Evaluated r = expr.Value(&ctx);
  if (r.diags.HasErrors()) return Err(DiagnosticsError(r.diags));
  return r.value;
}

FuncResult<Value> TooDeep() {
  return Err("maximum template nesting depth " + std::to_string(kMaxTemplateDepth) +
             " reached; a template that renders itself cannot terminate");
}

// templatestring(template, vars).
Function TemplateStringFn(std::shared_ptr<const TemplateScope> scope) {
  auto render = [scope](const Args& a) -> FuncResult<Value> {
    if (g_template_depth >= kMaxTemplateDepth) return TooDeep();
    DepthGuard guard;
    cty::Marks marks = a[0].marks();
    std::string src = a[0].Unmark().AsString();
    hcl::ParsedExpression parsed = hcl::ParseTemplate(src, "NoFileNeeded", hcl::Pos{1, 1, 0});
    if (parsed.diags.HasErrors()) return Err(DiagnosticsError(parsed.diags));
    cty::Marks var_marks = a[1].marks();
    auto r = Render(*parsed.expr, a[1].Unmark(), *scope, true, false);
    if (!r.ok()) return r;
    return r.value().Mark(marks | var_marks);
  };
  cty::FunctionSpec spec;
  spec.params = {Param("template", Type::String(), kAllowMarked), Param("vars", Type::Dynamic(), kAllowMarked)};
  // tofu renders once for the type and again for the value; rendering only
  // in impl gives the same results (any type conforms to Dynamic) without
  // doubling the work at every nesting level.
  spec.return_type = Static(Type::Dynamic());
  spec.impl = [render](const Args& a, const Type&) { return render(a); };
  return Function(std::move(spec));
}

// templatefile(path, vars). Without `allow_self` it is tofu's stand-in that
// refuses recursive use.
Function TemplateFileFn(std::shared_ptr<const TemplateScope> scope, bool allow_self) {
  if (!allow_self) {
    cty::FunctionSpec spec;
    spec.params = {Param("path", Type::String(), kAllowMarked), Param("vars", Type::Dynamic())};
    spec.return_type = [](const Args&) -> FuncResult<Type> {
      return Err("cannot recursively call templatefile from inside templatefile call");
    };
    spec.impl = [](const Args&, const Type&) -> FuncResult<Value> {
      return Err("cannot recursively call templatefile from inside templatefile call");
    };
    return Function(std::move(spec));
  }
  Function file = FilesystemFunctions(scope->options).at("file");
  auto render = [scope, file](const Args& a) -> FuncResult<Value> {
    if (g_template_depth >= kMaxTemplateDepth) return TooDeep();
    DepthGuard guard;
    cty::Marks marks = a[0].marks();
    std::string path = a[0].Unmark().AsString();
    auto content = file.Call({a[0]});
    if (!content.ok()) return FunctionError{content.error().message, content.error().arg_index >= 0 ? 0 : -1};
    hcl::ParsedExpression parsed =
        hcl::ParseTemplate(content.value().Unmark().AsString(), path, hcl::Pos{1, 1, 0});
    if (parsed.diags.HasErrors()) return Err(DiagnosticsError(parsed.diags));
    auto r = Render(*parsed.expr, a[1], *scope, false, true);
    if (!r.ok()) return r;
    return r.value().Mark(marks);
  };
  cty::FunctionSpec spec;
  spec.params = {Param("path", Type::String(), kAllowMarked), Param("vars", Type::Dynamic())};
  // tofu renders once for the type and again for the value; rendering only
  // in impl gives the same results (any type conforms to Dynamic) without
  // doubling the work at every nesting level.
  spec.return_type = Static(Type::Dynamic());
  spec.impl = [render](const Args& a, const Type&) { return render(a); };
  return Function(std::move(spec));
}

cty::FunctionTable TemplateFunctions(const TemplateScope& scope, bool allow_templatefile) {
  cty::FunctionTable t = *scope.base;
  auto shared = std::make_shared<const TemplateScope>(scope);
  Function tf = TemplateFileFn(shared, allow_templatefile);
  Function ts = TemplateStringFn(shared);
  t["templatefile"] = tf;
  t["core::templatefile"] = tf;
  t["templatestring"] = ts;
  t["core::templatestring"] = ts;
  return t;
}

}  // namespace

void AddTemplate(cty::FunctionTable* t, const StandardOptions& options) {
  TemplateScope scope;
  cty::FunctionTable base = *t;
  for (const auto& [name, fn] : *t) base.emplace("core::" + name, fn);
  scope.base = std::make_shared<const cty::FunctionTable>(std::move(base));
  scope.options = options;
  auto shared = std::make_shared<const TemplateScope>(std::move(scope));
  (*t)["templatefile"] = TemplateFileFn(shared, true);
  (*t)["templatestring"] = TemplateStringFn(shared);
}

}  // namespace funcs::internal
