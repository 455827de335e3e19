a = "a${1}b"
b = "${true}"
c = "${"nested ${"deep"}"}"
