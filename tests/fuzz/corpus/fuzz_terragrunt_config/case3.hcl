dependency "gone" {
  config_path = "../does-not-exist"
  enabled     = false
}
inputs = {
  x = dependency.gone.outputs
}
