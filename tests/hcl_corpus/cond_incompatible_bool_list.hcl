a = true ? true : [1]
