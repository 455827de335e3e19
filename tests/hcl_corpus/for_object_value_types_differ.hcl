a = {for x in ["a", "b"] : x => x == "a" ? 1 : "s"}
