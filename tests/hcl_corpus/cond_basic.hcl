a = true ? 1 : 2
b = false ? "x" : "y"
c = 1 > 2 ? "gt" : "le"
