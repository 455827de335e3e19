a = try(nosuch(1), 2)
b = can(nosuch(1))
