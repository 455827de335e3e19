include "root" {
  path = "../nope.hcl"
}
