a = true && false
b = true || false
c = true || false && false
d = !false && true
e = false || !true
