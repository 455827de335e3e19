dependency "vpc" {
  config_path = "${get_terragrunt_dir()}/../vpc"
  mock_outputs = {
    a = 1
    l = [1]
  }
  mock_outputs_allowed_terraform_commands = ["plan"]
}
