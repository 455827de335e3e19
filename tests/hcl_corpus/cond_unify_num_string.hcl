a = true ? 1 : "two"
b = false ? 1 : "two"
