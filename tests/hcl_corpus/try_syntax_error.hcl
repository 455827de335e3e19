a = try(1 +, 2)
