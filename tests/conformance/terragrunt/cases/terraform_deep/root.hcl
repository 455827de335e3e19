terraform {
  source          = "git::https://example.com/modules.git//vpc?ref=v1"
  include_in_copy = ["parent.txt"]
  extra_arguments "common" {
    commands  = ["plan"]
    arguments = ["-lock=false"]
  }
  extra_arguments "retry" {
    commands  = ["apply"]
    arguments = ["-parallelism=2"]
  }
  before_hook "hello" {
    commands = ["plan"]
    execute  = ["echo", "parent"]
  }
}
