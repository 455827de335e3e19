café = 1
名前 = "x"
