a = can(nope) ? "yes" : "no"
b = can(1) ? "yes" : "no"
