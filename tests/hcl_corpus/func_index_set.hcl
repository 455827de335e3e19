a = toset([1])[0]
