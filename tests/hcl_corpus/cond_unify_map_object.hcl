a = true ? {a = "x"} : {a = 1}
