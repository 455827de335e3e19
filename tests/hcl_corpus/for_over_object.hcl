a = [for k, v in {b = 2, a = 1} : "${k}=${v}"]
b = [for v in {b = 2, a = 1} : v]
