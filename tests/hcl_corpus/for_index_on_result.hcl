a = [for x in [1, 2, 3] : x * x][2]
b = {for x in ["a"] : x => 1}.a
