// ImportResourceState.
#include "framework/framework_provider.h"
#include "framework/values.h"
#include "internal.h"
#include "provider_impl.h"
#include "tfplugin/log.h"

namespace framework {

void ImportStatePassthroughID(const ImportStateRequest& req, ImportStateResponse& resp,
                              std::string_view attribute) {
  const cty::Type& t = resp.state.type();
  if (!t.IsObject() || !t.HasAttribute(attribute) ||
      t.attribute(attribute) != cty::Type::String() || resp.state.IsNull() ||
      !resp.state.IsKnown()) {
    resp.diagnostics.AddError("Resource Import Passthrough Missing Attribute",
                              "This resource has no string attribute \"" + std::string(attribute) +
                                  "\" to receive the import ID. This is always a bug in the "
                                  "provider; please report it to the provider developers.");
    return;
  }
  if (req.id.empty()) {
    resp.diagnostics.AddError("Missing Import ID",
                              "The import ID is empty. Give the ID of the existing object, e.g. "
                              "tofu import <address> <id>.");
    return;
  }
  resp.state = WithAttr(resp.state, attribute, cty::Value::String(req.id));
}

void FrameworkProvider::ImportResourceState(const tfplugin::ImportResourceStateRequest& req,
                                            tfplugin::ImportResourceStateResponse& resp) {
  tfplugin::log::Debug("ImportResourceState", {{"tf_resource_type", req.type_name}});
  const ResourceEntry* entry = impl_->FindResource(req.type_name, resp.diagnostics);
  if (!entry) return;
  tfplugin::Diagnostics& diags = resp.diagnostics;
  const Block& block = entry->schema.block;

  Impl::Operation op(*impl_);
  Context ctx = op.context();
  auto resource = impl_->NewResource(*entry, ctx, diags);
  if (!resource) return;

  ImportStateRequest ireq{req.id};
  ImportStateResponse iresp{EmptyValue(block), PrivateState(), {}};
  if (auto* importer = dynamic_cast<ResourceWithImportState*>(resource.get())) {
    internal::Guard(diags, "ImportState of " + entry->type_name,
                    [&] { importer->ImportState(ctx, ireq, iresp); });
  } else if (const Attribute* id = block.FindAttribute("id");
             id && id->type == cty::Type::String()) {
    ImportStatePassthroughID(ireq, iresp);
  } else {
    diags.AddError("Resource Import Not Supported",
                   entry->type_name +
                       " does not support import. Create the object with "
                       "OpenTofu instead, or ask the provider developers to add "
                       "import support.");
    return;
  }
  diags.Append(iresp.diagnostics);
  if (diags.HasError()) return;

  cty::Value state = iresp.state.UnmarkDeep();
  if (!internal::CheckType(block, state, entry->type_name, "imported state", diags)) return;
  if (state.IsNull()) {
    diags.AddError("Missing Resource Import State",
                   "ImportState of " + entry->type_name +
                       " returned no state. This is always a bug in the provider; please report "
                       "it to the provider developers.");
    return;
  }
  if (!internal::CheckWhollyKnown(block, state, entry->type_name, "Import", diags)) return;
  tfplugin::ImportedResource imported;
  imported.type_name = entry->type_name;
  imported.state = internal::NullWriteOnly(block, internal::NormalizeBlocks(block, state));
  imported.private_data = iresp.private_state.Encode();
  resp.imported_resources.push_back(std::move(imported));
}

}  // namespace framework
