a = try(merge({ a = 1 }, { b = 2 }).b, 0)
b = try(element([], 0), "empty")
