foo-bar = 1
a_b = 2
_x = 3
