# root.hcl
locals {
    account_vars = read_terragrunt_config(find_in_parent_folders("account.hcl"))
  region_vars=read_terragrunt_config(find_in_parent_folders("region.hcl"))
   env = local.account_vars.locals.environment   # trailing
  region = local.region_vars.locals.region // another
}

remote_state {
  backend = "s3"
  generate = {
    path = "backend.tf"
    if_exists   = "overwrite_terragrunt"
  }
  config = {
    bucket         = "tfstate-${local.env}"
    key = "${path_relative_to_include()}/terraform.tfstate"
    region = local.region
    endpoint="https://obs.eu-de.otc.t-systems.com"
    skip_region_validation=true
    skip_credentials_validation = true
  }
}

generate "provider" {
  path = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents = <<EOF
provider "opentelekomcloud" {
    region = "${local.region}"
}
EOF
}

inputs = merge(local.account_vars.locals,local.region_vars.locals, {
  tags = {owner="team", env = local.env}
})
