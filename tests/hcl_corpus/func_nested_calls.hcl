a = upper(join("", [for x in ["a", "b"] : lower(x)]))
