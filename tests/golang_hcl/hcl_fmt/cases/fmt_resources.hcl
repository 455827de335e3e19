resource "opentelekomcloud_vpc_v1" "this" {
  name = "vpc-${var.env}"
  cidr = var.cidr
  tags = merge(var.tags, {
    Name = "vpc"
  })
  lifecycle {
    ignore_changes = [tags,]
    create_before_destroy=true
  }
}

resource "opentelekomcloud_vpc_subnet_v1" "subnet" {
  count = length(var.subnets)
  name          = "subnet-${count.index}"
  cidr=var.subnets[count.index]
  gateway_ip = cidrhost(var.subnets[count.index], 1)
  vpc_id        = opentelekomcloud_vpc_v1.this.id
  dns_list = [
    "100.125.4.25",
      "100.125.129.199"
  ]
}

output "ids" {
  value = [
    for s in opentelekomcloud_vpc_subnet_v1.subnet:
    s.id
  ]
}
variable "x" {
  type = object({
    a = string
    b = optional(number, 3)
  })
  default = null
}
