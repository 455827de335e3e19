feature "enable_x" {
  default = false
}
inputs = {
  x = feature.enable_x.value
}
