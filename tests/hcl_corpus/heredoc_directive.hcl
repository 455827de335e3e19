a = <<EOT
%{ for x in [1, 2, 3] ~}
item ${x}
%{ endfor ~}
EOT
