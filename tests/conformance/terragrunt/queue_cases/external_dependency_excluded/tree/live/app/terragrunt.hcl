dependency "vpc" {
  config_path = "../../shared/vpc"
}
