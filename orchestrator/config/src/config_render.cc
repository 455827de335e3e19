// Loader::Render / RenderHCL: a UnitConfig as `terragrunt render` shows it.
//
// Shape (docs/edp-stack.md "render"): top-level keys appear only when the
// configuration sets them; blocks with labels are objects keyed by label;
// inside a block every field is present (null when unset).
#include <cctype>
#include <cstdio>
#include <sstream>

#include "config/config.h"
#include "hcl/format.h"

namespace config {

namespace {

using V = cty::Value;

V Null() { return V::Null(cty::Type::Dynamic()); }
V S(const std::string& s) { return V::String(s); }
template <typename T>
V Opt(const std::optional<T>& o);
template <>
V Opt(const std::optional<std::string>& o) { return o ? V::String(*o) : V::Null(cty::Type::String()); }
template <>
V Opt(const std::optional<bool>& o) { return o ? V::Bool(*o) : V::Null(cty::Type::Bool()); }

V List(const std::vector<std::string>& l) {
  if (l.empty()) return V::EmptyList(cty::Type::String());
  std::vector<V> e;
  for (const auto& s : l) e.push_back(S(s));
  return V::List(cty::Type::String(), std::move(e));
}

V Paths(const std::vector<std::filesystem::path>& l) {
  std::vector<std::string> s;
  for (const auto& p : l) s.push_back(p.generic_string());
  return List(s);
}

V OrNull(const V& v) { return v.IsNull() ? Null() : v; }

V HookValue(const Hook& h, bool error_hook) {
  std::map<std::string, V> m{{"name", S(h.name)},
                             {"commands", List(h.commands)},
                             {"execute", List(h.execute)},
                             {"working_dir", Opt(h.working_dir)},
                             {"suppress_stdout", Opt(h.suppress_stdout)}};
  if (error_hook) {
    m["on_errors"] = List(h.on_errors);
  } else {
    m["run_on_error"] = Opt(h.run_on_error);
    m["if"] = h.if_condition.IsNull() ? V::Null(cty::Type::Bool()) : h.if_condition;
  }
  return V::Object(std::move(m));
}

template <typename T, typename F>
V ByName(const std::vector<T>& items, F fn) {
  std::map<std::string, V> m;
  for (const auto& i : items) m[i.name] = fn(i);
  return V::Object(std::move(m));
}

}  // namespace

cty::Value Loader::Render(const UnitConfig& u) {
  std::map<std::string, V> out;
  if (u.terraform) {
    const TerraformBlock& t = *u.terraform;
    out["terraform"] = V::Object({
        {"source", Opt(t.source)},
        {"version", Opt(t.version)},
        {"include_in_copy", List(t.include_in_copy)},
        {"exclude_from_copy", List(t.exclude_from_copy)},
        {"copy_terraform_lock_file", Opt(t.copy_terraform_lock_file)},
        {"extra_arguments", ByName(t.extra_arguments,
                                   [](const ExtraArguments& x) {
                                     std::map<std::string, V> env;
                                     for (const auto& [k, v] : x.env_vars) env[k] = S(v);
                                     return V::Object({{"name", S(x.name)},
                                                       {"commands", List(x.commands)},
                                                       {"arguments", List(x.arguments)},
                                                       {"env_vars", env.empty() ? V::Null(cty::Type::Map(cty::Type::String()))
                                                                                : V::Map(cty::Type::String(), env)},
                                                       {"required_var_files", List(x.required_var_files)},
                                                       {"optional_var_files", List(x.optional_var_files)}});
                                   })},
        {"before_hook", ByName(t.before_hooks, [](const Hook& h) { return HookValue(h, false); })},
        {"after_hook", ByName(t.after_hooks, [](const Hook& h) { return HookValue(h, false); })},
        {"error_hook", ByName(t.error_hooks, [](const Hook& h) { return HookValue(h, true); })},
    });
  }
  if (u.remote_state) {
    const RemoteState& r = *u.remote_state;
    V gen = r.generate_path ? V::Object({{"path", S(*r.generate_path)}, {"if_exists", Opt(r.generate_if_exists)}}) : Null();
    std::map<std::string, V> m{{"backend", S(r.backend)},
                               {"disable_init", Opt(r.disable_init)},
                               {"disable_dependency_optimization", Opt(r.disable_dependency_optimization)},
                               {"generate", gen},
                               {"config", OrNull(r.config)}};
    if (!r.encryption.IsNull()) m["encryption"] = r.encryption;
    out["remote_state"] = V::Object(std::move(m));
  }
  if (!u.generate.empty()) {
    out["generate"] = ByName(u.generate, [](const GenerateBlock& g) {
      return V::Object({{"path", S(g.path)},
                        {"if_exists", S(g.if_exists)},
                        {"if_disabled", S(g.if_disabled)},
                        {"comment_prefix", S(g.comment_prefix)},
                        {"contents", S(g.contents)},
                        {"disable_signature", V::Bool(g.disable_signature)},
                        {"disable", V::Bool(g.disable)}});
    });
  }
  if (!u.locals.empty()) out["locals"] = V::Object(u.locals);
  if (!u.inputs.IsNull()) out["inputs"] = u.inputs;
  if (!u.dependency_blocks.empty()) {
    out["dependency"] = ByName(u.dependency_blocks, [](const DependencyBlock& d) {
      return V::Object({{"name", S(d.name)},
                        {"config_path", S(d.config_path.generic_string())},
                        {"enabled", Opt(d.enabled)},
                        {"skip_outputs", Opt(d.skip_outputs)},
                        {"mock_outputs", OrNull(d.mock_outputs)},
                        {"mock_outputs_allowed_terraform_commands", List(d.mock_outputs_allowed_terraform_commands)},
                        {"mock_outputs_merge_strategy_with_state",
                         d.mock_outputs_merge_strategy_with_state.empty() ? V::Null(cty::Type::String())
                                                                          : S(d.mock_outputs_merge_strategy_with_state)},
                        {"outputs", OrNull(d.outputs)}});
    });
  }
  if (!u.dependencies.empty()) out["dependencies"] = V::Object({{"paths", Paths(u.dependencies)}});
  if (!u.features.empty()) {
    out["feature"] = ByName(u.features, [](const FeatureBlock& f) {
      return V::Object({{"default", OrNull(f.default_value)}, {"value", OrNull(f.value)}});
    });
  }
  if (u.exclude) {
    out["exclude"] = V::Object({{"if", V::Bool(u.exclude->if_condition)},
                                {"actions", List(u.exclude->actions)},
                                {"exclude_dependencies", Opt(u.exclude->exclude_dependencies)},
                                {"no_run", Opt(u.exclude->no_run)}});
  }
  if (u.errors) {
    std::map<std::string, V> retry, ignore;
    for (const auto& r : u.errors->retry)
      retry[r.label] = V::Object({{"retryable_errors", List(r.retryable_errors)},
                                  {"max_attempts", V::Int(r.max_attempts)},
                                  {"sleep_interval_sec", V::Int(r.sleep_interval_sec)}});
    for (const auto& i : u.errors->ignore)
      ignore[i.label] = V::Object({{"ignorable_errors", List(i.ignorable_errors)},
                                   {"message", S(i.message)},
                                   {"signals", OrNull(i.signals)}});
    out["errors"] = V::Object({{"retry", V::Object(std::move(retry))}, {"ignore", V::Object(std::move(ignore))}});
  }
  auto put = [&](const char* k, const std::optional<std::string>& v) {
    if (v) out[k] = S(*v);
  };
  put("download_dir", u.download_dir);
  put("terraform_binary", u.terraform_binary);
  put("terraform_version_constraint", u.terraform_version_constraint);
  put("terragrunt_version_constraint", u.terragrunt_version_constraint);
  put("iam_role", u.iam_role);
  put("iam_assume_role_session_name", u.iam_assume_role_session_name);
  put("iam_web_identity_token", u.iam_web_identity_token);
  if (u.iam_assume_role_duration) out["iam_assume_role_duration"] = V::Int(*u.iam_assume_role_duration);
  if (u.prevent_destroy) out["prevent_destroy"] = V::Bool(*u.prevent_destroy);
  return V::Object(std::move(out));
}

// ---- HCL output ----

namespace {

bool IsIdent(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

std::string QuoteHCL(const std::string& s) {
  std::string o = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      case '$':
      case '%':
        o += c;
        if (i + 1 < s.size() && s[i + 1] == '{') o += c;  // escape ${ and %{
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

void Expr(const V& raw, std::string* o, int indent) {
  V v = raw.UnmarkDeep();
  if (v.IsNull() || !v.IsKnown()) {
    *o += "null";
    return;
  }
  const cty::Type& t = v.type();
  if (t == cty::Type::String()) {
    *o += QuoteHCL(v.AsString());
  } else if (t == cty::Type::Number()) {
    *o += v.AsNumber().ToString();
  } else if (t == cty::Type::Bool()) {
    *o += v.AsBool() ? "true" : "false";
  } else if (t.IsList() || t.IsSet() || t.IsTuple()) {
    *o += "[";
    bool first = true;
    for (const auto& e : v.Elements()) {
      if (!first) *o += ", ";
      first = false;
      Expr(e, o, indent);
    }
    *o += "]";
  } else if (t.IsObject() || t.IsMap()) {
    if (v.LengthInt() == 0) {
      *o += "{}";
      return;
    }
    *o += "{\n";
    for (const auto& [k, e] : v.Attributes()) {
      *o += std::string(indent + 2, ' ') + (IsIdent(k) ? k : QuoteHCL(k)) + " = ";
      Expr(e, o, indent + 2);
      *o += "\n";
    }
    *o += std::string(indent, ' ') + "}";
  } else {
    *o += "null";
  }
}

bool IsLabelledBlock(const std::string& parent, const std::string& key) {
  if (parent.empty()) return key == "generate" || key == "dependency" || key == "feature";
  if (parent == "terraform")
    return key == "extra_arguments" || key == "before_hook" || key == "after_hook" || key == "error_hook";
  if (parent == "errors") return key == "retry" || key == "ignore";
  return false;
}

bool IsPlainBlock(const std::string& parent, const std::string& key) {
  if (parent.empty())
    return key == "terraform" || key == "remote_state" || key == "exclude" || key == "errors" || key == "dependencies" ||
           key == "locals";
  return false;
}

void Body(const V& obj, const std::string& type, std::string* o, int indent) {
  const std::string pad(indent, ' ');
  for (const auto& [k, v] : obj.Attributes()) {
    if (IsLabelledBlock(type, k) && !v.IsNull() && v.IsKnown()) {
      for (const auto& [label, b] : v.Attributes()) {
        *o += pad + k + " " + QuoteHCL(label) + " {\n";
        Body(b, k, o, indent + 2);
        *o += pad + "}\n";
      }
    } else if (IsPlainBlock(type, k) && !v.IsNull() && v.IsKnown()) {
      *o += pad + k + " {\n";
      Body(v, k, o, indent + 2);
      *o += pad + "}\n";
    } else {
      if (v.IsNull() && !type.empty() && type != "locals") continue;  // unset block fields
      if (k == "name" && !type.empty() && type != "locals" && type != "inputs") continue;  // the label
      *o += pad + (IsIdent(k) ? k : QuoteHCL(k)) + " = ";
      Expr(v, o, indent);
      *o += "\n";
    }
  }
}

}  // namespace

std::string Loader::RenderHCL(const cty::Value& rendered) {
  std::string o;
  if (!rendered.IsNull() && rendered.IsKnown() && rendered.type().IsObject()) Body(rendered, "", &o, 0);
  return hcl::Format(o);
}

}  // namespace config
