// The `timeouts` block and Go duration strings.
//
// AddTimeouts(schema, defaults) adds the conventional block
//
//   timeouts {
//     create = "30m"   # one optional string per operation with a default
//     delete = "1h"
//   }
//
// (nesting single, every attribute an optional Go duration) and records the
// defaults in Schema::timeouts. The framework derives each operation's
// deadline from it (EffectiveTimeout) and hands it to the resource in the
// Context; a change of `timeouts` alone never calls the resource's Update.
//
// Thread safety: pure functions.
#ifndef EDP_FRAMEWORK_TIMEOUTS_H_
#define EDP_FRAMEWORK_TIMEOUTS_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cty/value.h"
#include "framework/schema.h"

namespace framework {

inline constexpr std::string_view kTimeoutsBlock = "timeouts";

enum class Operation { kCreate, kRead, kUpdate, kDelete };
std::string_view OperationName(Operation op);  // "create", "read", ...

// Go's time.ParseDuration: "300ms", "-1.5h", "2h45m"; units ns, us (µs,
// μs), ms, s, m, h; "0" alone needs no unit. Returns nullopt and sets
// `*error` (Go's wording, e.g. `time: unknown unit "d" in duration "1d"`)
// on failure.
std::optional<std::chrono::nanoseconds> ParseGoDuration(std::string_view text,
                                                        std::string* error = nullptr);
// Go's Duration.String(): "1h30m0s", "1.5s", "0s".
std::string FormatGoDuration(std::chrono::nanoseconds d);

// REQUIRES: the block has no "timeouts" attribute or block yet.
void AddTimeouts(Schema& schema, TimeoutDefaults defaults);

// The timeout of `op` for a resource object (plan, state or configuration
// value of `schema`'s type): the configured `timeouts.<op>` when set and
// valid, else the default. nullopt if the schema offers no timeout for `op`.
std::optional<std::chrono::milliseconds> EffectiveTimeout(const Schema& schema,
                                                          const cty::Value& object, Operation op);

}  // namespace framework

#endif  // EDP_FRAMEWORK_TIMEOUTS_H_
