a = contains(["a", "b"], "b")
b = contains([1, 2], 3)
