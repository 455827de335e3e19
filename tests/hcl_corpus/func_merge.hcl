a = merge({a = 1}, {b = "x"}, {a = 3})
