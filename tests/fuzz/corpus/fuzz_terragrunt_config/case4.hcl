dependency "vpc" {
  config_path = "../vpc"
  mock_outputs = {
    vpc_id = "mock-vpc"
  }
  mock_outputs_allowed_terraform_commands = ["plan", "validate"]
}
inputs = {
  vpc_id = dependency.vpc.outputs.vpc_id
}
