a="é"
bbbb = 1
c = "🙂" # x
dddddd = 2 # y
e = "éé" # combining
ffff = 3 # z
g = "👨‍👩‍👧" # zwj
hhhhh = 4 # w
