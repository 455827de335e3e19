remote_state {
  backend = "s3"
  config = {
    bucket = "tfstate"
    key    = "${path_relative_to_include()}/tofu.tfstate"
  }
}
inputs = {
  rel_to   = path_relative_to_include()
  rel_from = path_relative_from_include()
  tg_dir   = get_terragrunt_dir()
  parent   = get_parent_terragrunt_dir()
  found    = find_in_parent_folders("root.hcl")
}
