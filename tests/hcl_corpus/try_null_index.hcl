a = try(null.x, "n")
b = can(null[0])
