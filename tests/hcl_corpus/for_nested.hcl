a = [for x in [1, 2] : [for y in [10, 20] : x * y]]
