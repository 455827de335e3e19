// Ready-made validators (see validator.h for the contract).
//
// Value validators skip null and unknown values; each reports one attribute
// diagnostic worded like terraform-plugin-framework-validators, e.g.
//   summary "Invalid Attribute Value Length",
//   detail  "Attribute name string length must be between 1 and 64, got: 70"
// Sensitive values are never echoed ("got: (sensitive value)").
//
// Combination validators (ConflictsWith, ExactlyOneOf, AtLeastOneOf,
// RequiredWith) name sibling attributes or blocks of the same object. On an
// attribute the attribute itself is part of the set; as a block-level
// validator (Block::validators) only the listed names count. A sibling whose
// value is unknown makes them skip (the answer is not known yet).
//
// Thread safety: all returned validators are immutable.
#ifndef EDP_FRAMEWORK_VALIDATORS_H_
#define EDP_FRAMEWORK_VALIDATORS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "framework/schema.h"
#include "framework/validator.h"

namespace framework {

// Strings (length counts Unicode code points, as Go's utf8.RuneCountInString).
ValidatorPtr StringLengthBetween(int64_t min, int64_t max);
ValidatorPtr StringLengthAtLeast(int64_t min);
ValidatorPtr StringOneOf(std::vector<std::string> values);
// ECMAScript regular expression that must match the whole string. `message`
// (optional) explains the rule in words for users and docs.
ValidatorPtr StringMatches(std::string pattern, std::string message = "");
// An IPv4 prefix in CIDR notation, "10.0.0.0/16" (host bits may be set).
ValidatorPtr IsCidr();
// An absolute http or https URL with a host.
ValidatorPtr IsHttpUrl();
// A Go duration ("30m", "1h30m", "90s").
ValidatorPtr IsGoDuration();

// Numbers: must be whole numbers within the bounds.
ValidatorPtr IntBetween(int64_t min, int64_t max);
ValidatorPtr IntAtLeast(int64_t min);

// Collections (list, set, map attributes or blocks): element count.
ValidatorPtr SizeBetween(int64_t min, int64_t max);
// Applies `inner` to every element of a list, set or map (map elements get
// the key in their path; set elements share the set's path).
ValidatorPtr EachValue(ValidatorPtr inner);

// Combinations of sibling attributes/blocks ("set" = not null).
ValidatorPtr ConflictsWith(std::vector<std::string> names);
ValidatorPtr ExactlyOneOf(std::vector<std::string> names);
ValidatorPtr AtLeastOneOf(std::vector<std::string> names);
// When this attribute is set, every named sibling must be set too.
ValidatorPtr RequiredWith(std::vector<std::string> names);

}  // namespace framework

#endif  // EDP_FRAMEWORK_VALIDATORS_H_
