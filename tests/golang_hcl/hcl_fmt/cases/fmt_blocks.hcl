terraform {
required_version=">= 1.6"
  backend "s3" {}
}
block "a" "b" "c" { x = 1 }
block {
  a = 1

  bb = 2
  # comment between
  ccc = 3
  nested {
  }
  dddd = 4
  e    = {
      f = 1
      gg = 2 }
}
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port = ingress.value.from
      to_port   =   ingress.value.to
    }
  }
