c {
  d = <<-EOT
    x
    EOT
}
