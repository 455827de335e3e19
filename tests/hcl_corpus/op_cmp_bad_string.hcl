a = "abc" > 1
