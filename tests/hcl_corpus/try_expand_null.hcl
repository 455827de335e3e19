a = try(null...)
