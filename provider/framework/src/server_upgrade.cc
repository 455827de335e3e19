// UpgradeResourceState.
#include "cty/json.h"
#include "framework/framework_provider.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {
namespace {

cty::Value DecodeCurrent(const ResourceEntry& entry, std::string_view json, int64_t version,
                         tfplugin::Diagnostics& diags) {
  auto decoded = cty::json::Unmarshal(json, entry.type, {/*ignore_unknown_attributes=*/true});
  if (!decoded.ok()) {
    diags.AddError("Invalid Resource State",
                   "The stored state of this " + entry.type_name + " (schema version " +
                       std::to_string(version) +
                       ") does not match the schema: " + decoded.error().ToString() +
                       ". The state file may be damaged, or written by an incompatible provider "
                       "build.");
    return cty::Value::Null(entry.type);
  }
  return std::move(decoded).value();
}

}  // namespace

void FrameworkProvider::UpgradeResourceState(const tfplugin::UpgradeResourceStateRequest& req,
                                             tfplugin::UpgradeResourceStateResponse& resp) {
  tfplugin::log::Trace("UpgradeResourceState", {{"tf_resource_type", req.type_name}});
  const ResourceEntry* entry = impl_->FindResource(req.type_name, resp.diagnostics);
  if (!entry) return;
  tfplugin::Diagnostics& diags = resp.diagnostics;
  const Block& block = entry->schema.block;
  const int64_t current = entry->schema.version;
  resp.upgraded_state = cty::Value::Null(entry->type);

  if (req.version > current) {
    diags.AddError("Resource State From A Newer Provider",
                   "This " + entry->type_name + " was stored by schema version " +
                       std::to_string(req.version) +
                       ", but this provider only knows versions up "
                       "to " +
                       std::to_string(current) +
                       ". Use the provider version that wrote the state, or a newer one.");
    return;
  }
  if (req.raw_state.json.empty()) {
    if (!req.raw_state.flatmap.empty()) {
      diags.AddError("Unsupported Legacy State",
                     "This " + entry->type_name +
                         " was stored in the pre-0.12 flatmap format, which this provider cannot "
                         "read. Upgrade the state with Terraform 0.12 first, or re-import it.");
    } else {
      diags.AddError("Missing Resource State",
                     "OpenTofu sent no stored state to upgrade for this " + entry->type_name + ".");
    }
    return;
  }

  cty::Value state;
  if (req.version == current) {
    state = DecodeCurrent(*entry, req.raw_state.json, req.version, diags);
  } else {
    Impl::Operation op(*impl_);
    Context ctx = op.context();
    auto resource = impl_->NewResource(*entry, ctx, diags);
    if (!resource) return;
    auto* upgrader_source = dynamic_cast<ResourceWithUpgradeState*>(resource.get());
    std::map<int64_t, StateUpgrader> upgraders;
    if (upgrader_source) {
      internal::Guard(diags, "StateUpgraders of " + entry->type_name,
                      [&] { upgraders = upgrader_source->StateUpgraders(); });
    }
    int64_t version = req.version;
    std::string json = req.raw_state.json;
    while (!diags.HasError()) {
      auto it = upgraders.find(version);
      if (it == upgraders.end() || !it->second.upgrade) {
        diags.AddError("Unable To Upgrade Resource State",
                       "This " + entry->type_name + " was stored by schema version " +
                           std::to_string(version) +
                           " and the provider has no upgrade from it "
                           "to version " +
                           std::to_string(current) +
                           ". This is a bug in the provider; please report it to the provider "
                           "developers.");
        return;
      }
      const StateUpgrader& up = it->second;
      int64_t target = up.to_version < 0 ? current : up.to_version;
      if (target <= version || target > current) {
        diags.AddError("Invalid State Upgrader",
                       "The upgrader of " + entry->type_name + " from version " +
                           std::to_string(version) + " targets version " + std::to_string(target) +
                           ". This is a bug in the provider; please report it to the provider "
                           "developers.");
        return;
      }
      UpgradeStateRequest ureq;
      ureq.version = version;
      ureq.raw_json = json;
      if (up.prior_schema) {
        auto prior = cty::json::Unmarshal(json, up.prior_schema->ImpliedType(), {true});
        if (!prior.ok()) {
          diags.AddError("Invalid Resource State",
                         "The stored state of this " + entry->type_name + " (schema version " +
                             std::to_string(version) + ") does not match that version's schema: " +
                             prior.error().ToString() + ".");
          return;
        }
        ureq.prior_state = std::move(prior).value();
      }
      UpgradeStateResponse uresp;
      internal::Guard(diags, "the state upgrader of " + entry->type_name,
                      [&] { up.upgrade(ctx, ureq, uresp); });
      diags.Append(uresp.diagnostics);
      if (diags.HasError()) return;
      bool has_state = uresp.state.type().IsObject();
      if (target == current) {
        if (has_state) {
          state = uresp.state.UnmarkDeep();
          if (!internal::CheckType(block, state, entry->type_name, "upgraded state", diags)) return;
        } else {
          state = DecodeCurrent(*entry, uresp.json, target, diags);
        }
        break;
      }
      if (has_state) {
        auto encoded = cty::json::Marshal(uresp.state.UnmarkDeep(), uresp.state.type());
        if (!encoded.ok()) {
          diags.AddError("Invalid State Upgrader",
                         "The upgrader of " + entry->type_name + " from version " +
                             std::to_string(version) + " returned an unencodable value: " +
                             encoded.error().ToString() + ". This is a bug in the provider.");
          return;
        }
        json = std::move(encoded).value();
      } else {
        json = uresp.json;
      }
      version = target;
    }
  }
  if (diags.HasError()) return;
  if (state.IsNull()) {
    diags.AddError("Invalid Resource State",
                   "The upgraded state of this " + entry->type_name +
                       " is null. This is a bug in "
                       "the provider; please report it to the provider developers.");
    return;
  }
  state = internal::NormalizeBlocks(block, state);
  if (!internal::CheckWhollyKnown(block, state, entry->type_name, "Upgrade", diags)) return;
  resp.upgraded_state = internal::NullWriteOnly(block, state);
}

}  // namespace framework
