a = <<EOT
${"quoted \"inner\""}
EOT
