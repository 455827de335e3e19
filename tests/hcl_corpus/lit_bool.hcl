t = true
f = false
