include "base" {
  path = find_in_parent_folders("base.hcl")
}
