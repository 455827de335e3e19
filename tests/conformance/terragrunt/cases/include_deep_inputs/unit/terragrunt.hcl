include "root" {
  path           = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
inputs = {
  b = { y = 2 }
  l = [2]
}
