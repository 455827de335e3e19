locals {
  region = "eu-de"
}
inputs = {
  from_root = true
}
