// The resource and data source types of terraform-provider-edp, one file
// per type under provider/resources/src/. provider::EdpProvider registers
// the lists below; each object receives a resources::ProviderData
// (common.h) in its Configure.
//
// Implemented so far:
//   edp_vpc          (resource, vpc.cc)               VPC v1 + v2.0 tags
//   edp_vpc_subnet   (resource, vpc_subnet.cc)        subnets v1 + v2.0 tags
//   edp_vpc          (data source, data_source_vpc.cc)
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

std::vector<framework::ResourceFactory> AllResources();
std::vector<framework::DataSourceFactory> AllDataSources();

}  // namespace resources

#endif  // EDP_PROVIDER_RESOURCES_RESOURCES_H_
