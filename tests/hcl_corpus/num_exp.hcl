a = 1e3
b = 1E3
c = 1e+3
d = 1.5e-3
e = 2.5e10
