unit "x" {
  source = "../src"
  path   = "x"
}
