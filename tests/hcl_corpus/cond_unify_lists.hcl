a = true ? [1, 2] : ["a"]
b = false ? [1] : []
