a = try(nope, "fallback")
b = try(local.missing.x, 42)
