a = [for x in [1] : y]
