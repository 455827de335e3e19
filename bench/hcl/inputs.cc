#include "inputs.h"

namespace edp::bench {
namespace {

std::string RootHcl() {
  return R"HCL(# Root configuration shared by every unit (included as "root").
locals {
  env     = get_env("TG_ENV", "prod")
  region  = "eu-de"
  project = "${local.region}_${local.env}"
  bucket  = format("tfstate-%s-%s", local.project, "edp")
  common_tags = {
    managed_by = "edp-stack"
    env        = local.env
    region     = local.region
    cost_unit  = upper("platform")
  }
}

remote_state {
  backend = "s3"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    bucket                      = local.bucket
    key                         = "${path_relative_to_include()}/terraform.tfstate"
    region                      = local.region
    endpoint                    = "https://obs.${local.region}.otc.t-systems.com"
    skip_region_validation      = true
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    force_path_style            = true
  }
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<EOF
terraform {
  required_providers {
    opentelekomcloud = {
      source  = "opentelekomcloud/opentelekomcloud"
      version = ">= 1.35.0"
    }
  }
}

provider "opentelekomcloud" {
  auth_url    = "https://iam.${local.region}.otc.t-systems.com/v3"
  tenant_name = "${local.project}"
  max_retries = 5
}
EOF
}

generate "versions" {
  path      = "versions_override.tf"
  if_exists = "overwrite"
  contents  = join("\n", [for k, v in local.common_tags : "# ${k} = ${v}"])
}

terraform {
  extra_arguments "retry_lock" {
    commands  = ["init", "apply", "refresh", "import", "plan", "taint", "untaint"]
    arguments = ["-lock-timeout=20m"]
  }
}

inputs = merge(local.common_tags, {
  region  = local.region
  project = local.project
  tags    = local.common_tags
})
)HCL";
}

std::string UnitHcl() {
  std::string s = R"HCL(include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

terraform {
  source = "git::https://git.example.com/edp/modules.git//cce?ref=v2.4.1"
}
)HCL";
  const char* deps[] = {"vpc", "dns", "rds", "obs", "elb", "iam"};
  for (const char* d : deps) {
    s += "\ndependency \"" + std::string(d) + "\" {\n";
    s += "  config_path = \"../" + std::string(d) + "\"\n";
    s += "  mock_outputs = {\n";
    s += "    id         = \"mock-" + std::string(d) + "-id\"\n";
    s += "    subnet_ids = [\"subnet-a\", \"subnet-b\", \"subnet-c\"]\n";
    s += "    endpoint   = \"" + std::string(d) + ".mock.internal\"\n";
    s += "  }\n";
    s += "  mock_outputs_allowed_terraform_commands = [\"init\", \"validate\", \"plan\"]\n";
    s += "  skip_outputs                            = false\n";
    s += "}\n";
  }
  s += R"HCL(
dependencies {
  paths = ["../vpc", "../dns", "../rds", "../obs", "../elb", "../iam"]
}

inputs = {
  cluster_name = "cce-${dependency.vpc.outputs.id}"
  vpc_id       = dependency.vpc.outputs.id
  subnet_ids   = [for s in dependency.vpc.outputs.subnet_ids : s if s != ""]
  first_subnet = dependency.vpc.outputs.subnet_ids[0]
  dns_zone     = dependency.dns.outputs.endpoint
  db_endpoint  = lower(dependency.rds.outputs.endpoint)
  bucket       = dependency.obs.outputs.id
  lb_id        = dependency.elb.outputs.id
  node_count   = var.env == "prod" ? 5 : 2
  flavor       = var.env == "prod" ? "s3.xlarge.4" : "s3.large.2"
  availability = [for i, az in ["eu-de-01", "eu-de-02", "eu-de-03"] : { index = i, zone = az }]
  labels       = { for k, v in var.tags : k => upper(v) }
  endpoint_map = { for d in ["vpc", "dns", "rds"] : d => "${d}.svc.cluster.local" }
  description  = format("CCE cluster for %s in %s (%d nodes)", var.env, var.region, 3)
  tags         = merge(var.tags, { unit = "cce", owner = "platform" })
  node_pools = [
    {
      name   = "default"
      flavor = "s3.large.2"
      count  = 3
    },
    {
      name   = "gpu"
      flavor = "p2.2xlarge.8"
      count  = 1
    },
  ]
}
)HCL";
  return s;
}

std::string MainTf() {
  std::string s = R"HCL(variable "env" {
  type    = string
  default = "prod"
}

variable "tags" {
  type    = map(string)
  default = {}
}

locals {
  name_prefix = "edp-${var.env}"
  dns_servers = ["100.125.4.25", "100.125.129.199"]
}

resource "opentelekomcloud_vpc_v1" "main" {
  name = "${local.name_prefix}-vpc"
  cidr = "10.0.0.0/8"
  tags = merge(var.tags, { Name = "main" })
}
)HCL";
  // 34 lines per iteration; 150 of them plus the header is ~5.1k lines.
  for (int i = 0; i < 150; ++i) {
    const std::string n = std::to_string(i);
    const std::string third = std::to_string(i % 256);
    s += "\n# Subnet " + n + " and its security group.\n";
    s += "resource \"opentelekomcloud_vpc_subnet_v1\" \"subnet_" + n + "\" {\n";
    s += "  name        = format(\"%s-subnet-%03d\", local.name_prefix, " + n + ")\n";
    s += "  cidr        = \"10." + std::to_string(i / 256) + "." + third + ".0/24\"\n";
    s += "  gateway_ip  = \"10." + std::to_string(i / 256) + "." + third + ".1\"\n";
    s += "  vpc_id      = var.vpc_id\n";
    s += "  dns_list    = local.dns_servers\n";
    s += "  ntp_servers = join(\",\", [\"ntp1.example.com\", \"ntp2.example.com\"])\n";
    s += "  count       = var.env == \"prod\" ? 1 : 0\n";
    s += "  tags = merge(var.tags, {\n";
    s += "    Name  = \"subnet-" + n + "\"\n";
    s += "    Index = tostring(" + n + " + count.index)\n";
    s += "  })\n";
    s += "\n";
    s += "  lifecycle {\n";
    s += "    ignore_changes        = [tags]\n";
    s += "    create_before_destroy = true\n";
    s += "  }\n";
    s += "}\n";
    s += "\n";
    s += "resource \"opentelekomcloud_networking_secgroup_rule_v2\" \"ingress_" + n + "\" {\n";
    s += "  direction        = \"ingress\"\n";
    s += "  ethertype        = \"IPv4\"\n";
    s += "  protocol         = \"tcp\"\n";
    s += "  port_range_min   = " + std::to_string(1000 + i) + "\n";
    s += "  port_range_max   = " + std::to_string(1000 + i) + " + 10\n";
    s += "  remote_ip_prefix = \"10.0.0.0/8\"\n";
    s += "  description      = <<-EOT\n";
    s += "    Ingress rule " + n + " for ${var.env}.\n";
    s += "    %{if var.env == \"prod\"}Production traffic only.%{else}Test traffic.%{endif}\n";
    s += "  EOT\n";
    s += "  allowed          = [for p in [22, 80, 443] : p if p != " + std::to_string(i % 3 == 0 ? 22 : 0) + "]\n";
    s += "}\n";
  }
  s += R"HCL(
output "subnet_names" {
  value = [for k, v in var.tags : "${k}=${v}"]
}
)HCL";
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> GenerateHclInputs() {
  return {{"root.hcl", RootHcl()}, {"terragrunt.hcl", UnitHcl()}, {"main.tf", MainTf()}};
}

}  // namespace edp::bench
