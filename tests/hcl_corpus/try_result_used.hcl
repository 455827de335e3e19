a = try({ a = [1, 2] }.a, [])[1]
b = try(2, 3) + 1
c = [for x in try([1, 2], []) : x * 2]
