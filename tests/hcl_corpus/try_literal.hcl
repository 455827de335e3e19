a = try(1)
b = try("x", "y")
