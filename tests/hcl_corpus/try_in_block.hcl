resource "x" "y" {
  name = try(var.name, "default")
  nested {
    ok = can(var.name)
  }
}
