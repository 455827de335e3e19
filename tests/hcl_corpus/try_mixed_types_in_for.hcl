a = [for x in [1, "a", true] : try(x + 1, x)]
