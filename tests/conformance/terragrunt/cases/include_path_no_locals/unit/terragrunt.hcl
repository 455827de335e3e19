locals {
  p = "../root.hcl"
}
include "root" {
  path = local.p
}
