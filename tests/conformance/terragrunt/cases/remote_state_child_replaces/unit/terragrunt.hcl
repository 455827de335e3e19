include "root" {
  path           = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
remote_state = {
  backend = "local"
  config = {
    path = "state.tfstate"
  }
}
