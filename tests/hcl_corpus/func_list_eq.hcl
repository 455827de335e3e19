a = tolist([1]) == [1]
b = tolist([]) == []
