// Values shared by edp_cce_cluster (resource and data source): the
// certificate lists of a cluster's kubeconfig and the version comparison
// that ignores a patch/revision suffix.
//
// Thread safety: pure functions.
#ifndef EDP_PROVIDER_RESOURCES_CCE_VALUES_H_
#define EDP_PROVIDER_RESOURCES_CCE_VALUES_H_

#include <string>

#include "cty/type.h"
#include "cty/value.h"
#include "otc/cce.h"

namespace resources::cce {

// Object({name, server, certificate_authority_data}).
cty::Type CertClusterType();
// Object({name, client_certificate_data, client_key_data}).
cty::Type CertUserType();

cty::Value CertClustersValue(const otc::cce::Kubeconfig& k);
cty::Value CertUsersValue(const otc::cce::Kubeconfig& k);

// "v1.29" matches "v1.29", "v1.29.2" and "v1.29.2-r0" (and the other way
// round): CCE resolves a short version to its newest patch.
bool VersionsMatch(const std::string& a, const std::string& b);

// The descriptions of the computed cluster attributes both types share.
inline constexpr const char* kCertClustersDescription =
    "The clusters of the cluster's kubeconfig: `name` (`internalCluster`, `externalCluster` once an EIP is "
    "bound), `server` (the API server URL) and `certificate_authority_data` (base64 PEM of the cluster CA).";
inline constexpr const char* kCertUsersDescription =
    "The users of the cluster's kubeconfig: `name`, `client_certificate_data` and `client_key_data` (base64 "
    "PEM). Sensitive: the key grants cluster-admin access.";

}  // namespace resources::cce

#endif  // EDP_PROVIDER_RESOURCES_CCE_VALUES_H_
