a = !true
b = !!false
c = -(-3)
d = -(1 + 2)
