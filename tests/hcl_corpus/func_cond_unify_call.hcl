a = true ? tolist([1]) : []
b = true ? tomap({a = 1}) : {}
