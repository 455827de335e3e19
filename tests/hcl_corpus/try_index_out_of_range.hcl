a = try([1, 2][5], -1)
b = try([1, 2][1], -1)
c = try({ k = "v" }["nope"], "default")
