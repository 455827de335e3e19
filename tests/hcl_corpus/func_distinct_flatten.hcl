a = distinct([1, 2, 1, 3, 2])
b = flatten([[1, [2]], [], [3]])
