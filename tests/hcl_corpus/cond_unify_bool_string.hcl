a = true ? true : "x"
