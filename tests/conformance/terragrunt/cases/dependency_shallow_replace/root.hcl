dependency "vpc" {
  config_path  = "../vpc"
  skip_outputs = true
  mock_outputs = {
    a = 1
  }
}
