a = try(1 + "x", "bad")
b = try(!1, "bad")
c = can(-"a")
d = try(true && "yes", false)
