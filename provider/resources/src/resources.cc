// The registry of resource and data source types (resources.h).
#include "resources/resources.h"

namespace resources {

std::vector<framework::ResourceFactory> AllResources() { return {VpcResource(), VpcSubnetResource(), NetworkingSecgroupResource(), NetworkingSecgroupRuleResource(), VpcEipResource(), DnsZoneResource(), DnsRecordsetResource(), ObsBucketResource(), ObsBucketPolicyResource(), ObsBucketObjectResource()}; }

std::vector<framework::DataSourceFactory> AllDataSources() { return {VpcDataSource(), NetworkingSecgroupDataSource(), VpcSubnetDataSource(), IdentityProjectDataSource(), DnsZoneDataSource(), ObsBucketDataSource()}; }

}  // namespace resources
