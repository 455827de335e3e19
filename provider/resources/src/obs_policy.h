// Helpers of edp_obs_bucket_policy and edp_obs_bucket_object that need no
// API, kept apart so they are unit-testable.
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_RESOURCES_OBS_POLICY_H_
#define EDP_PROVIDER_RESOURCES_OBS_POLICY_H_

#include <string>
#include <string_view>

namespace resources {

// "" when OBS would accept `policy` for `bucket` (empty: not known yet, the
// Resource check is skipped), else what is wrong as a sentence fragment
// ("Statement[0].Effect must be \"Allow\" or \"Deny\"").
std::string CheckBucketPolicy(std::string_view policy, std::string_view bucket);

// True when both are JSON documents that mean the same policy: key order
// and whitespace ignored, a one-element list equal to its element, list
// order free. Non-JSON input compares as text.
bool PoliciesEquivalent(std::string_view a, std::string_view b);

}  // namespace resources

#endif  // EDP_PROVIDER_RESOURCES_OBS_POLICY_H_
