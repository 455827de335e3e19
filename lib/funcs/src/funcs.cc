// Assembles the function table (see funcs.h).
#include "funcs/funcs.h"

#include <utility>
#include <vector>

#include "internal.h"

namespace funcs {

cty::FunctionTable NumericFunctions() {
  cty::FunctionTable t;
  internal::AddNumeric(&t);
  return t;
}

cty::FunctionTable StringFunctions() {
  cty::FunctionTable t;
  internal::AddString(&t);
  return t;
}

cty::FunctionTable CollectionFunctions() {
  cty::FunctionTable t;
  internal::AddCollection(&t);
  return t;
}

cty::FunctionTable ConversionFunctions() {
  cty::FunctionTable t;
  internal::AddConversion(&t);
  return t;
}

cty::FunctionTable EncodingFunctions() {
  cty::FunctionTable t;
  internal::AddEncoding(&t);
  return t;
}

cty::FunctionTable HashFunctions(const StandardOptions& options) {
  cty::FunctionTable t;
  internal::AddHash(&t, options.pure_only);
  return t;
}

cty::FunctionTable DateTimeFunctions(const StandardOptions& options) {
  cty::FunctionTable t;
  internal::AddDateTime(&t, options.pure_only);
  return t;
}

cty::FunctionTable NetworkFunctions() {
  cty::FunctionTable t;
  internal::AddNetwork(&t);
  return t;
}

cty::FunctionTable FilesystemFunctions(const StandardOptions& options) {
  cty::FunctionTable t;
  internal::AddFilesystem(&t, options.base_dir);
  return t;
}

cty::FunctionTable Standard(const StandardOptions& options) {
  cty::FunctionTable t;
  internal::AddNumeric(&t);
  internal::AddString(&t);
  internal::AddCollection(&t);
  internal::AddConversion(&t);
  internal::AddEncoding(&t);
  internal::AddHash(&t, options.pure_only);
  internal::AddDateTime(&t, options.pure_only);
  internal::AddNetwork(&t);
  internal::AddFilesystem(&t, options.base_dir);
  internal::AddPlanTimestamp(&t, options.plan_timestamp);
  internal::AddTemplate(&t, options);
  std::vector<std::pair<std::string, cty::Function>> core;
  for (const auto& [name, fn] : t) core.emplace_back("core::" + name, fn);
  t.insert(core.begin(), core.end());
  return t;
}

hcl::EvalContext StandardContext(const StandardOptions& options) {
  hcl::EvalContext ctx;
  ctx.functions = Standard(options);
  ctx.closure_functions = hcl::TryFunctions();
  return ctx;
}

}  // namespace funcs
