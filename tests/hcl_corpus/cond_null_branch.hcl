a = true ? null : "x"
b = false ? null : "x"
c = true ? 1 : null
