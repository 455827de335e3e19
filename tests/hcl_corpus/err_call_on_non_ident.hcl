a = (upper)("x")
