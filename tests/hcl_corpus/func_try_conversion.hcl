a = try(tonumber("x"), 0)
b = try(tonumber("12"), 0)
c = can(tonumber("nope"))
d = can(tostring([]))
