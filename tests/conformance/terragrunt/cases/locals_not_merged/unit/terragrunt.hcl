include "root" {
  path           = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
locals {
  child_only = 2
}
