a = tomap({a = 1})["a"]
b = tomap({a = "x"}).a
