a = [for i, x in ["p", "q"] : i]
