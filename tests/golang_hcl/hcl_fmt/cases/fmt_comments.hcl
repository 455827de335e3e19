/* block comment at top */
a = 1 # one
bb = 2 # two
ccc = 3    // three
# standalone

d = { # open
  e = 1 /* inline */ + 2
  ffff = [ # list
    1, # first
    2,
  ]
}
/*
multi
line
*/
g = "x"
