a = try({ a = 1 }.b, "x")
b = try({ a = 1 }.a, "x")
