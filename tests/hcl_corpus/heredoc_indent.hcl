a = <<-EOT
    hello
      indented
    world
    EOT
