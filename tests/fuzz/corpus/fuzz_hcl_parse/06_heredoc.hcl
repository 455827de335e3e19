x = <<-EOT
    hello ${name}
      world
    EOT
