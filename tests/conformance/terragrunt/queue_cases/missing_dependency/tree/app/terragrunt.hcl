dependency "vpc" {
  config_path = "../vpcc"
}
