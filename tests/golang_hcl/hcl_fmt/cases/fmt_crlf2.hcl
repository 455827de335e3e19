a = "x"
bb = {
  c = 1 # c
  ddd = 2 # d
}
heredoc = <<EOT
  line
EOT
