a = [for x in [1, 2] : [for x in [3] : x]]
