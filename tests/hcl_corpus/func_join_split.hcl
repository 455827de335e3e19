a = join(", ", ["a", "b", "c"])
b = split(",", "a,b,,c")
c = join("-", [1, 2])
