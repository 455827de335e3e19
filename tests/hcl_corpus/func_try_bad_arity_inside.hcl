a = try(abs(1, 2), 3)
b = can(abs())
