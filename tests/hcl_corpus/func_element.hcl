a = element(["a", "b", "c"], 4)
