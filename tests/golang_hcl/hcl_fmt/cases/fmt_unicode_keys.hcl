café = 1
b = 2
é́ = 3
xyz = 4
x = "🇩🇪" # flag
yy = 6 # yy
