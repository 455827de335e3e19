include "root" {
  path           = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
terraform {
  source          = "../modules//app"
  include_in_copy = ["child.txt"]
  extra_arguments "common" {
    commands  = ["apply"]
    arguments = ["-lock=true"]
  }
  extra_arguments "extra" {
    commands = ["init"]
  }
}
