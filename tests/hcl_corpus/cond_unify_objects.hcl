a = true ? {a = 1} : {a = 2}
b = true ? {a = 1} : {b = 2}
