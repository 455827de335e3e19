include "root" {
  path = find_in_parent_folders("root.hcl")
}
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite"
  contents  = "child"
}
