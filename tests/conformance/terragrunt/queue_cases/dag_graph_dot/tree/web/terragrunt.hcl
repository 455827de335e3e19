dependency "app" {
  config_path = "../app"
}
