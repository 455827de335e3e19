zeta = 1
alpha = 2
Beta = 3
_u = 4
mid = 5
