a = [for x in toset(["c", "a", "b"]) : x]
b = toset([true, false])
