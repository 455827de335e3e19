// framework::FrameworkProvider: a tfplugin::Provider built from a
// framework::Provider, enforcing the plugin protocol's contract once for
// every resource and data source (rpcs.md §3):
//
//  Validate*    required/read-only attributes, validators (with attribute
//               paths), block item counts when known, deprecation warnings,
//               then the optional ValidateConfig hooks. Unknowns tolerated.
//  Plan         destroy -> null (private passed through); otherwise, on the
//               proposed new state: write-only attributes null; defaults for
//               optional+computed attributes null in config; if anything
//               changed, computed attributes null in config -> unknown;
//               attribute and block plan modifiers; ModifyPlan; then a
//               self-check that configured values were kept. Requires-
//               replace paths are reported only where prior != planned.
//  Apply        Create/Update/Delete with the operation's timeout in the
//               Context; the result must be wholly known and keep every
//               known planned value (else a "provider bug" error naming the
//               attribute); on failure the partial state is returned with
//               the errors (create: tainted, never orphaned).
//  Read         null = gone; private echoed unless changed.
//  Import       the resource's ImportState, else the ID into `id`.
//  Upgrade      same version: JSON decoded with the current schema ignoring
//               removed attributes; older: the resource's upgraders; newer:
//               an error.
//  StopProvider cancels the Context of every in-flight operation.
//
// Construction calls the provider's Metadata, Schema, Resources and
// DataSources once and checks every schema (schema_check.h); problems are
// reported by GetProviderSchema (and registration_diagnostics()).
//
// Thread safety: every method may be called concurrently (OpenTofu runs up
// to -parallelism RPCs at once).
#ifndef EDP_FRAMEWORK_FRAMEWORK_PROVIDER_H_
#define EDP_FRAMEWORK_FRAMEWORK_PROVIDER_H_

#include <map>
#include <memory>
#include <string>

#include "framework/provider.h"
#include "framework/schema.h"
#include "tfplugin/provider.h"

namespace framework {

class FrameworkProvider final : public tfplugin::Provider {
 public:
  // REQUIRES: provider != nullptr.
  explicit FrameworkProvider(std::shared_ptr<framework::Provider> provider);
  ~FrameworkProvider() override;
  FrameworkProvider(const FrameworkProvider&) = delete;
  FrameworkProvider& operator=(const FrameworkProvider&) = delete;

  // The provider's type name ("edp") and declared schemas.
  const std::string& type_name() const;
  const Schema& provider_schema() const;
  const std::map<std::string, Schema>& resource_schemas() const;
  const std::map<std::string, Schema>& data_source_schemas() const;
  // Problems found at construction (schema self-check, duplicate names).
  const tfplugin::Diagnostics& registration_diagnostics() const;
  // True once ConfigureProvider succeeded.
  bool configured() const;

  tfplugin::GetProviderSchemaResponse GetProviderSchema() override;
  void ValidateProviderConfig(const tfplugin::ValidateProviderConfigRequest& req,
                              tfplugin::ValidateProviderConfigResponse& resp) override;
  void ValidateResourceConfig(const tfplugin::ValidateResourceConfigRequest& req,
                              tfplugin::ValidateResourceConfigResponse& resp) override;
  void ValidateDataResourceConfig(const tfplugin::ValidateDataResourceConfigRequest& req,
                                  tfplugin::ValidateDataResourceConfigResponse& resp) override;
  void UpgradeResourceState(const tfplugin::UpgradeResourceStateRequest& req,
                            tfplugin::UpgradeResourceStateResponse& resp) override;
  void ConfigureProvider(const tfplugin::ConfigureProviderRequest& req,
                         tfplugin::ConfigureProviderResponse& resp) override;
  void ReadResource(const tfplugin::ReadResourceRequest& req,
                    tfplugin::ReadResourceResponse& resp) override;
  void PlanResourceChange(const tfplugin::PlanResourceChangeRequest& req,
                          tfplugin::PlanResourceChangeResponse& resp) override;
  void ApplyResourceChange(const tfplugin::ApplyResourceChangeRequest& req,
                           tfplugin::ApplyResourceChangeResponse& resp) override;
  void ImportResourceState(const tfplugin::ImportResourceStateRequest& req,
                           tfplugin::ImportResourceStateResponse& resp) override;
  void ReadDataSource(const tfplugin::ReadDataSourceRequest& req,
                      tfplugin::ReadDataSourceResponse& resp) override;
  std::string StopProvider() override;

  struct Impl;  // implementation detail (src/provider_impl.h)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace framework

#endif  // EDP_FRAMEWORK_FRAMEWORK_PROVIDER_H_
