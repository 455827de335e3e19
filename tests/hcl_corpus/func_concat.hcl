a = concat([1, 2], [3])
b = concat(["a"], [1])
c = concat()
