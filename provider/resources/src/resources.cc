// The registry of resource and data source types (resources.h).
#include "resources/resources.h"

namespace resources {

std::vector<framework::ResourceFactory> AllResources() { return {VpcResource(), VpcSubnetResource(), NetworkingSecgroupResource(), NetworkingSecgroupRuleResource(), VpcEipResource(), DnsZoneResource(), DnsRecordsetResource(), ObsBucketResource(), ObsBucketPolicyResource(), ObsBucketObjectResource(), ElbListenerResource(), ElbPoolResource(), ElbMemberResource(), ElbMonitorResource(), ElbLoadbalancerResource(), ElbCertificateResource(), CceClusterResource(), CceNodePoolResource(), RdsInstanceResource()}; }

std::vector<framework::DataSourceFactory> AllDataSources() { return {VpcDataSource(), NetworkingSecgroupDataSource(), VpcSubnetDataSource(), IdentityProjectDataSource(), DnsZoneDataSource(), ObsBucketDataSource(), CceClusterDataSource(), CceClusterKubeconfigDataSource(), ElbFlavorsDataSource(), RdsFlavorsDataSource(), RdsVersionsDataSource()}; }

}  // namespace resources
