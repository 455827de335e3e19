include "root" {
  path = find_in_parent_folders("root.hcl")
}
dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    b = 2
  }
}
