// Shared pieces of the EDP resources and data sources: what the provider's
// Configure hands them (ProviderData), turning otc::Error into
// diagnostics, IPv4/CIDR arithmetic for plan-time validation, and the VPC
// v2.0 resource-tag API (api.md 2.4) used by edp_vpc and edp_vpc_subnet.
//
// Thread safety: pure functions; tag calls as otc::Client::Do.
#ifndef EDP_PROVIDER_RESOURCES_COMMON_H_
#define EDP_PROVIDER_RESOURCES_COMMON_H_

#include <any>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cty/path.h"
#include "cty/value.h"
#include "framework/context.h"
#include "framework/resource.h"
#include "framework/schema.h"
#include "otc/client.h"
#include "otc/error.h"
#include "tfplugin/diagnostics.h"

namespace resources {

// Set by provider::EdpProvider::Configure as
// std::shared_ptr<const ProviderData> in ProviderConfigureResponse.
struct ProviderData {
  std::shared_ptr<otc::Client> client;
  std::string region;  // the provider's region (Credentials::region)
};

// The ProviderData in a Configure request; null before the provider is
// configured (validation RPCs), which is not an error.
std::shared_ptr<const ProviderData> ProviderDataFrom(const std::any& provider_data);

// Adds "Provider Not Configured" when `data` is null (an operation that
// needs the API ran before ConfigureProvider). Returns data != nullptr.
bool RequireConfigured(const std::shared_ptr<const ProviderData>& data,
                       tfplugin::Diagnostics& diags);

// The write a resource just made, for GoneAfterWrite's messages.
enum class WriteStep { kCreate, kUpdate };

// Adds "<TITLE> Disappeared After Create|During Update": `what` ("DNS zone
// 4f2c...") was deleted by someone else between the write and the read
// that followed it, and what to do (apply again / plan again).
void AddGoneAfterWrite(tfplugin::Diagnostics& diags, WriteStep step, const std::string& title,
                       const std::string& what);

// The read after a create or update: false (with AddGoneAfterWrite's error)
// when it found the object gone, i.e. `remote` is null.
bool ExistsAfterWrite(const cty::Value& remote, WriteStep step, const std::string& title, const std::string& what,
                      tfplugin::Diagnostics& diags);

// One error diagnostic from an otc::Error: e.Summary() / e.Message().
void AddOtcError(tfplugin::Diagnostics& diags, const otc::Error& e);

// ---- IPv4 ------------------------------------------------------------------

struct Ipv4Prefix {
  uint32_t address = 0;  // as written (host bits may be set)
  int length = 0;
  uint32_t Mask() const { return length == 0 ? 0 : ~uint32_t{0} << (32 - length); }
  uint32_t Network() const { return address & Mask(); }
  uint32_t Broadcast() const { return Network() | ~Mask(); }
  bool Contains(uint32_t a) const { return (a & Mask()) == Network(); }
  bool Contains(const Ipv4Prefix& inner) const {
    return inner.length >= length && Contains(inner.Network());
  }
};

// Dotted quad "10.0.0.1" (no leading zeros, each part 0-255).
std::optional<uint32_t> ParseIpv4(std::string_view s);
// "10.0.0.0/16" (length 0-32).
std::optional<Ipv4Prefix> ParseIpv4Cidr(std::string_view s);
std::string FormatIpv4(uint32_t a);

// A validator: the value is an IPv4 address in dotted-quad form.
framework::ValidatorPtr IsIpv4Address();

// ---- Values ----------------------------------------------------------------

// The string for a state attribute from an API value: "" becomes null
// unless `prior` (the value the state held) is the empty string, so an
// unset optional string never shows a spurious "" diff.
cty::Value OptionalString(const std::string& api, const cty::Value& prior);

// Tags as a cty map(string); null when empty and `prior` is null.
cty::Value TagsValue(const std::map<std::string, std::string>& tags, const cty::Value& prior);
// A known map(string) value as tags; empty for null/unknown.
std::map<std::string, std::string> TagsFrom(const cty::Value& v);

// Adds attribute errors under `path` for tags the VPC service refuses
// (more than 10, keys of 1-36 and values of up to 43 letters, digits, '-',
// '_' and, in values, '.'). Unknown values are skipped.
void ValidateTags(const cty::Value& tags, const cty::Path& path, tfplugin::Diagnostics& diags);

// ---- VPC v2.0 resource tags (api.md 2.4) ---------------------------------

// kind: "vpcs", "subnets" or "publicips".
otc::Result<std::map<std::string, std::string>> GetTags(const framework::Context& ctx,
                                                        otc::Client& c, const std::string& kind,
                                                        const std::string& id);
// Makes the tags of the object exactly `want` (batch delete of keys that
// went away or changed, batch create of the new set); no request when
// `have` already equals `want`.
otc::Status SetTags(const framework::Context& ctx, otc::Client& c, const std::string& kind,
                    const std::string& id, const std::map<std::string, std::string>& have,
                    const std::map<std::string, std::string>& want);

// ---- Waiting --------------------------------------------------------------

// Polls `status` (short adaptive intervals, 404 counts as still pending)
// until it reports `ready`. A status in `failed` ends the wait with "the VPC
// service reported the NOUN as STATUS"; `what` names the wait in errors
// ("VPC \"a\" (id) to become OK").
otc::Status WaitForStatus(const framework::Context& ctx, const std::string& what, const std::string& noun,
                          const std::string& ready, const std::vector<std::string>& failed,
                          const std::function<otc::Result<std::string>(const framework::Context&)>& status);

// The description of every resource's `region` attribute.
inline constexpr const char* kRegionDescription =
    "The region of the object. Defaults to the provider's region; the provider manages one region, "
    "so a different value is refused (use a provider alias per region).";

}  // namespace resources

#endif  // EDP_PROVIDER_RESOURCES_COMMON_H_
