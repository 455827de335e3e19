a = <<EOT
x = ${1 + 2}
y = ${"s"}
EOT
