dependency "vpc" {
  config_path  = "../vpc"
  skip_outputs = true
}
