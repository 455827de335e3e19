a = [<<EOT
one
EOT
, "two"]
