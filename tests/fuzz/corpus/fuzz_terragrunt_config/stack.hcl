locals {
  env = "prod"
}
unit "vpc" {
  source = "../units/vpc"
  path   = "vpc"
  values = { cidr = "10.0.0.0/16", env = local.env }
}
stack "dns" {
  source = "../stacks/dns"
  path   = "dns"
}
