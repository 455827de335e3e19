a = compact(["a", "", "b"])
b = coalescelist([], [1, 2])
