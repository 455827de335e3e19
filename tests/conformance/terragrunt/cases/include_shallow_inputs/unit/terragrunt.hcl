include "root" {
  path = find_in_parent_folders("root.hcl")
}
inputs = {
  b = { y = 2 }
  l = [2]
}
