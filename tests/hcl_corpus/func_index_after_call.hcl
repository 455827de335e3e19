a = split(",", "a,b")[1]
b = keys({x = 1})[0]
