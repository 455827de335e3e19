a = {for x in [1, 2, 3, 4, 5, 6] : (x % 3 == 0 ? "three" : "other") => x... if x > 1}
