a = <<EOT
a
  %{~ if true ~}
b
  %{~ endif ~}
c
EOT
