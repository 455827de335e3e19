// The registry of resource and data source types (resources.h).
#include "resources/resources.h"

namespace resources {

std::vector<framework::ResourceFactory> AllResources() { return {VpcResource(), VpcSubnetResource()}; }

std::vector<framework::DataSourceFactory> AllDataSources() { return {VpcDataSource()}; }

}  // namespace resources
