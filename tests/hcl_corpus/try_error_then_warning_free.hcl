a = try([][0], {}.k, "third")
b = try("first", nope)
