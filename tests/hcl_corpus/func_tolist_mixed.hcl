a = tolist([1, "a"])
