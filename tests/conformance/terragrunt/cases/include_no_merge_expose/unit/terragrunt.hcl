include "root" {
  path           = find_in_parent_folders("root.hcl")
  expose         = true
  merge_strategy = "no_merge"
}
locals {
  r = include.root.locals.region
}
inputs = {
  region = local.r
}
