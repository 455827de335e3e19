include "root" {
  path           = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    b = 2
    l = [2]
  }
  mock_outputs_allowed_terraform_commands = ["validate"]
}
