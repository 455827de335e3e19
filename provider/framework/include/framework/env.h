// Environment-variable fallbacks for provider configuration.
//
// Provider attributes list the variables they fall back to
// (Attribute::env_vars, e.g. {"OS_TENANT_NAME", "OS_PROJECT_NAME"}); the
// first variable that is set and non-empty supplies a value when the
// configuration leaves the attribute null, as the Go SDK's
// MultiEnvDefaultFunc does. Strings are taken as is; bools accept Go's
// strconv.ParseBool spellings (1, t, T, TRUE, true, True, 0, f, ...);
// numbers use cty's number syntax.
//
// Environment access goes through an EnvLookup so tests inject their own.
//
// Thread safety: ApplyEnvDefaults is a pure function of its inputs;
// ProcessEnv() reads the process environment (getenv) on each call.
#ifndef EDP_FRAMEWORK_ENV_H_
#define EDP_FRAMEWORK_ENV_H_

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "cty/value.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace framework {

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

EnvLookup ProcessEnv();
EnvLookup MapEnv(std::map<std::string, std::string> vars);

// Go's strconv.ParseBool.
std::optional<bool> ParseGoBool(std::string_view text);

// Returns `config` with each top-level attribute that is null (and has
// env_vars) filled from the environment. `sources`, if given, receives
// attribute name -> variable name for every value taken from the
// environment. A variable whose text does not fit the attribute type adds
// an attribute error naming the variable. Unknown attributes are left
// alone. REQUIRES: config is an object of block's type (null is treated as
// all attributes null).
cty::Value ApplyEnvDefaults(const Block& block, const cty::Value& config, const EnvLookup& env,
                            tfplugin::Diagnostics& diags,
                            std::map<std::string, std::string>* sources = nullptr);

}  // namespace framework

#endif  // EDP_FRAMEWORK_ENV_H_
