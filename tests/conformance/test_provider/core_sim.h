// What OpenTofu core computes around a provider, for tests that play
// OpenTofu's part (unit tests in-process, conformance tests over gRPC).
//
// ProposedNew is objchange.ProposedNew (rpcs.md §3.9): the configuration
// with computed attributes that are null in it taken from the prior state,
// nested blocks correlated by index, key or (sets) equality of their
// non-computed attributes. Also the diagnostics rendering tests compare.
#ifndef EDP_TESTS_CONFORMANCE_TEST_PROVIDER_CORE_SIM_H_
#define EDP_TESTS_CONFORMANCE_TEST_PROVIDER_CORE_SIM_H_

#include <map>
#include <string>

#include "cty/value.h"
#include "framework/schema.h"
#include "tfplugin/diagnostics.h"

namespace edptest {

cty::Value ProposedNew(const framework::Block& block, const cty::Value& prior,
                       const cty::Value& config);

// One line per diagnostic, "Error: Summary [at path]" (details left out
// so test expectations stay readable), joined by newlines.
std::string Summaries(const tfplugin::Diagnostics& diags);

// A configuration object: the block's empty value with `set` applied
// (every other attribute null, collection blocks empty).
cty::Value ConfigOf(const framework::Block& block, const std::map<std::string, cty::Value>& set);

}  // namespace edptest

#endif  // EDP_TESTS_CONFORMANCE_TEST_PROVIDER_CORE_SIM_H_
