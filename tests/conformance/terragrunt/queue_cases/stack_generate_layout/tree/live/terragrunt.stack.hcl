locals {
  env = "prod"
}

unit "vpc" {
  source = "../units/vpc"
  path   = "vpc"
  values = {
    env  = local.env
    cidr = "10.0.0.0/16"
  }
}

unit "db" {
  source = "../units/db"
  path   = "data/db"
}

unit "legacy" {
  source                  = "../units/db"
  path                    = "legacy"
  no_dot_terragrunt_stack = true
}
