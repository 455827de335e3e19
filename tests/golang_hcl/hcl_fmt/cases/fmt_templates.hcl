a = "${ x }-${y}"
b = "%{ for s in list ~}${s}%{~ endfor }"
c = <<EOT
%{ if cond }
  yes ${ value }
%{ else }
  no
%{ endif }
EOT
d = upper(<<-EOT
    inside call
  EOT
)
e = "${ {a=1}.a }"
f = "${[for x in [1,2]: x*2]}"
g = "a" /* c */ # d
