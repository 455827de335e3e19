// Environment-variable fallbacks for provider configuration.
#include "framework/env.h"

#include <cstdlib>
#include <utility>

#include "cty/number.h"

namespace framework {

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read-only use
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

EnvLookup MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::optional<bool> ParseGoBool(std::string_view text) {
  if (text == "1" || text == "t" || text == "T" || text == "TRUE" || text == "true" ||
      text == "True") {
    return true;
  }
  if (text == "0" || text == "f" || text == "F" || text == "FALSE" || text == "false" ||
      text == "False") {
    return false;
  }
  return std::nullopt;
}

cty::Value ApplyEnvDefaults(const Block& block, const cty::Value& config, const EnvLookup& env,
                            tfplugin::Diagnostics& diags,
                            std::map<std::string, std::string>* sources) {
  cty::Type type = block.ImpliedType();
  if (!config.IsKnown()) return config;
  std::map<std::string, cty::Value> attrs;
  if (config.IsNull()) {
    for (const auto& [name, t] : type.attributes()) attrs.emplace(name, cty::Value::Null(t));
  } else {
    attrs = config.Attributes();
  }
  for (const auto& [name, attr] : block.attributes) {
    if (attr.env_vars.empty()) continue;
    auto it = attrs.find(name);
    if (it == attrs.end() || !it->second.IsNull()) continue;
    for (const auto& var : attr.env_vars) {
      std::optional<std::string> text = env(var);
      if (!text || text->empty()) continue;
      const cty::Type& t = attr.type;
      cty::Path path = cty::Path().GetAttr(name);
      if (t == cty::Type::String()) {
        it->second = cty::Value::String(*text);
      } else if (t == cty::Type::Bool()) {
        auto b = ParseGoBool(*text);
        if (!b) {
          diags.AddAttributeError(path, "Invalid Environment Variable",
                                  "The environment variable " + var + " (used for \"" + name +
                                      "\") must be true or false (or 1/0), got \"" + *text + "\".");
          break;
        }
        it->second = cty::Value::Bool(*b);
      } else if (t == cty::Type::Number()) {
        auto n = cty::Number::Parse(*text);
        if (!n.ok()) {
          diags.AddAttributeError(path, "Invalid Environment Variable",
                                  "The environment variable " + var + " (used for \"" + name +
                                      "\") must be a number, got \"" + *text + "\".");
          break;
        }
        it->second = cty::Value::Number(n.value());
      } else {
        // Collections are never read from the environment.
        break;
      }
      if (sources) (*sources)[name] = var;
      break;
    }
  }
  return cty::Value::ObjectOf(type, std::move(attrs));
}

}  // namespace framework
