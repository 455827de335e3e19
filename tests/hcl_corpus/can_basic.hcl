a = can(1)
b = can(nope)
c = can({}.x)
d = can({ a = { b = 1 } }.a.b)
