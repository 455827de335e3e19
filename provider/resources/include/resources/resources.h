// The resource and data source types of terraform-provider-edp, one file
// per type under provider/resources/src/. provider::EdpProvider registers
// the lists below; each object receives a resources::ProviderData
// (common.h) in its Configure.
//
// Implemented so far:
//   edp_vpc          (resource, vpc.cc)               VPC v1 + v2.0 tags
//   edp_vpc_subnet   (resource, vpc_subnet.cc)        subnets v1 + v2.0 tags
//   edp_vpc          (data source, data_source_vpc.cc)
//   edp_networking_secgroup       (resource, networking_secgroup.cc)       Neutron groups
//   edp_networking_secgroup_rule  (resource, networking_secgroup_rule.cc)  Neutron rules
//   edp_networking_secgroup       (data source, data_source_networking_secgroup.cc)
//   edp_vpc_subnet                (data source, data_source_vpc_subnet.cc)
//   edp_vpc_eip                   (resource, vpc_eip.cc)                   EIP + bandwidth v1 + v2.0 tags
//   edp_identity_project          (data source, data_source_identity_project.cc)
//   edp_dns_zone                  (resource, dns_zone.cc)                  DNS v2 zones + routers + tags
//   edp_dns_recordset             (resource, dns_recordset.cc)             DNS v2 record sets + tags
//   edp_dns_zone                  (data source, data_source_dns_zone.cc)
//   edp_obs_bucket                (resource, obs_bucket.cc)                OBS bucket + sub-configurations
//   edp_obs_bucket_policy         (resource, obs_bucket_policy.cc)         OBS bucket policy (?policy)
//   edp_obs_bucket_object         (resource, obs_bucket_object.cc)         OBS object (content or file)
//   edp_obs_bucket                (data source, data_source_obs_bucket.cc)
//   edp_cce_node_pool             (resource, cce_node_pool.cc)             CCE v3 node pools + their nodes
//
// Thread safety: the factories are safe to call concurrently.
#ifndef EDP_PROVIDER_RESOURCES_RESOURCES_H_
#define EDP_PROVIDER_RESOURCES_RESOURCES_H_

#include <vector>

#include "framework/data_source.h"
#include "framework/resource.h"

namespace resources {

framework::ResourceFactory VpcResource();
framework::ResourceFactory VpcSubnetResource();
framework::DataSourceFactory VpcDataSource();
framework::ResourceFactory NetworkingSecgroupResource();
framework::ResourceFactory NetworkingSecgroupRuleResource();
framework::DataSourceFactory NetworkingSecgroupDataSource();
framework::DataSourceFactory VpcSubnetDataSource();
framework::ResourceFactory VpcEipResource();
framework::DataSourceFactory IdentityProjectDataSource();
framework::ResourceFactory DnsZoneResource();
framework::ResourceFactory DnsRecordsetResource();
framework::DataSourceFactory DnsZoneDataSource();
framework::ResourceFactory ObsBucketResource();
framework::ResourceFactory ObsBucketPolicyResource();
framework::ResourceFactory ObsBucketObjectResource();
framework::DataSourceFactory ObsBucketDataSource();
framework::ResourceFactory RdsInstanceResource();
framework::DataSourceFactory RdsFlavorsDataSource();
framework::DataSourceFactory RdsVersionsDataSource();
framework::ResourceFactory CceClusterResource();                   // cce_cluster.cc
framework::DataSourceFactory CceClusterDataSource();               // data_source_cce_cluster.cc
framework::DataSourceFactory CceClusterKubeconfigDataSource();     // data_source_cce_cluster_kubeconfig.cc
framework::ResourceFactory CceNodePoolResource();

framework::ResourceFactory ElbLoadbalancerResource();
framework::ResourceFactory ElbCertificateResource();
framework::ResourceFactory ElbListenerResource();  // elb_listener.cc
framework::ResourceFactory ElbPoolResource();      // elb_pool.cc
framework::ResourceFactory ElbMemberResource();    // elb_member.cc
framework::ResourceFactory ElbMonitorResource();   // elb_monitor.cc
framework::DataSourceFactory ElbFlavorsDataSource();

std::vector<framework::ResourceFactory> AllResources();
std::vector<framework::DataSourceFactory> AllDataSources();

}  // namespace resources

#endif  // EDP_PROVIDER_RESOURCES_RESOURCES_H_
