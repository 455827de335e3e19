a = "x"
