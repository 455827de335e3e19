a = [for v in ["1", "x", "3"] : tonumber(v) if can(tonumber(v))]
