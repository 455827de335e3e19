include "root" {
  path = find_in_parent_folders("root.hcl")
  expose=true
}
terraform { source = "git::https://example.com/modules.git//vpc?ref=v1.2.3" }
dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    vpc_id = "mock-vpc"
    subnet_ids = ["a","b"]
  }
  mock_outputs_allowed_terraform_commands = ["validate","plan"]
}
dependencies {
    paths = ["../vpc", "../dns"]
}
inputs = {
  vpc_id = dependency.vpc.outputs.vpc_id
  subnets = [for s in dependency.vpc.outputs.subnet_ids : upper(s) if s != ""]
  map = {for k,v in {a=1,b=2}: k => v*2}
  neg = -1
  expr = 1+2*3-(4/2)%1
  cond = true ? "a" : "b"
  not = !false
  splat = dependency.vpc.outputs.list[*].id
  legacy = dependency.vpc.outputs.list.*.id
  idx = local.list[0]
  tpl = "${local.a}-%{if true}x%{endif}"
  long_name_here = 1
  s = 2
}
