include "first" {
  path = find_in_parent_folders("first.hcl")
}
include "second" {
  path = find_in_parent_folders("second.hcl")
}
inputs = {
  c = "child"
}
