a = try(true ? nope : 1, 2)
b = try(null ? 1 : 2, 3)
c = can(true ? 1 : [])
