a = reverse([1, 2, 3])
b = sort(["b", "a", "c"])
c = sort([3, 10, 2])
