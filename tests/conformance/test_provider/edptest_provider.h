// The test-only provider "edptest" (binary terraform-provider-edptest,
// never installed): one resource, edptest_thing, that exercises every
// framework feature, and one data source, edptest_echo.
//
// edptest_thing's `mode` attribute selects behaviour for contract tests:
//   "normal" (or null)            create/update/delete in the store
//   "slow_create"                 Create waits on the Context until
//                                 StopProvider or the create timeout
//   "fail_after_partial_create"   Create stores the object, then fails
//                                 with partial state (revision unknown)
//   "fail_update"                 Update fails without changing anything
//   "inconsistent"                Create/Update change `description`
//                                 (a planned, configured value)
//   "leave_unknown"               Create leaves `created_at` unknown
//   "bad_plan"                    ModifyPlan changes `description`
// A `name` of "forbidden" fails ValidateConfig.
//
// Schema version 2; upgraders from 0 (raw JSON: `title` -> `name`, `size`
// string -> number) and from 1 (typed, via the version 1 schema).
//
// Thread safety: see framework/provider.h.
#ifndef EDP_TESTS_CONFORMANCE_TEST_PROVIDER_EDPTEST_PROVIDER_H_
#define EDP_TESTS_CONFORMANCE_TEST_PROVIDER_EDPTEST_PROVIDER_H_

#include <memory>

#include "framework/env.h"
#include "framework/framework_provider.h"
#include "framework/provider.h"

namespace edptest {

struct Options {
  // Include the protocol-6-only nested attribute `network` (off when the
  // binary must also speak protocol 5: EDPTEST_PROTOCOL5=1).
  bool nested_attributes = true;
  framework::EnvLookup env = framework::ProcessEnv();
};

class Store;

// What Configure hands to resources and data sources.
struct ProviderData {
  std::shared_ptr<Store> store;
};

std::shared_ptr<framework::Provider> NewProvider(Options options);
std::shared_ptr<framework::FrameworkProvider> NewFrameworkProvider(Options options);

// Exposed for tests.
framework::ResourceFactory ThingFactory(bool nested_attributes);
framework::DataSourceFactory EchoFactory();
// The version 0 and 1 schemas of edptest_thing.
framework::Block ThingSchemaV0();
framework::Block ThingSchemaV1();

}  // namespace edptest

#endif  // EDP_TESTS_CONFORMANCE_TEST_PROVIDER_EDPTEST_PROVIDER_H_
