generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = "parent"
}

generate "backend" {
  path      = "backend.tf"
  if_exists = "skip"
  contents  = "b"
}
