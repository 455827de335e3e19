a = try(undefined_a, undefined_b)
