a = "é👨‍👩" # 🇩🇪
bb = café + nope
c = <<EOT
각 ${x}́
EOT
