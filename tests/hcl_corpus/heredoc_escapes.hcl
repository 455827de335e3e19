a = <<EOT
\n is literal, $${x} and %%{y}
EOT
