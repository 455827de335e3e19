a = "<<EOT"
