a = <<-EOT
    a ${"b"} c
      d
    EOT
