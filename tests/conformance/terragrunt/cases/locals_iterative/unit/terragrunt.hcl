locals {
  c = "${local.b}-c"
  b = "${local.a}-b"
  a = "a"
}
inputs = {
  v = local.c
}
