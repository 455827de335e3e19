a = "Hello, ${upper("world")}!"
b = "%{for x in sort(["b", "a"])}${x}%{endfor}"
