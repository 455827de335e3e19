a = try(["a", 1], "x")
b = try({ a = 1 }.b, ["a", 1])
c = try(null)
d = try(nope, null)
