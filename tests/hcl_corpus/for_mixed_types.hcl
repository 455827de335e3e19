a = [for x in [1, "a", true] : x]
b = {for i, x in [1, "a"] : tostring(i) => x}
