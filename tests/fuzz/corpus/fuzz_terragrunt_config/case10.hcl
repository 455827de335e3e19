include "root" {
  path = find_in_parent_folders("root.hcl")
}
exclude {
  if      = false
  actions = ["plan"]
}
