a = "%{for x in ["a", "b", "c"]}${x},%{endfor}"
b = "%{for i, x in ["a", "b"]}${i}=${x};%{endfor}"
c = "%{for k, v in {a = 1, b = 2}}${k}:${v} %{endfor}"
