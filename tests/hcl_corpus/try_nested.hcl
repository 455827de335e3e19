a = try(try(x.b, y.d), "z")
b = try(try(1, x), 2)
