a = {for x in ["a", "b", "a", "c", "a"] : x => x...}
b = {for i, x in [1, 2, 3, 4] : (x % 2 == 0 ? "even" : "odd") => i...}
