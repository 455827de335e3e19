a = true ? {a = 1, b = "x"} : {}
