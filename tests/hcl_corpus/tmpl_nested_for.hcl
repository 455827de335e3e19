a = "%{for x in [1, 2]}%{for y in ["a", "b"]}${x}${y} %{endfor}%{endfor}"
