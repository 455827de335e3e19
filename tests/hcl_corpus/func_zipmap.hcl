a = zipmap(["a", "b"], [1, 2])
