a = range(3)
b = range(1, 10, 3)
c = range(5, 0, -2)
