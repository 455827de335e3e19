remote_state {
  backend = "s3"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    bucket = "parent-bucket"
    key    = "${path_relative_to_include()}/tofu.tfstate"
  }
}
