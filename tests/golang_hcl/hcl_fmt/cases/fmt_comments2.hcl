# top


// double slash
a = [
  # leading
  1, // one
  22, // twenty-two
  /* block */ 3,
]
b = { # after brace
  x = 1 // x
  yy = 2 # yy
  zzz = { # nested
    q = 1
  }
}
c = 1 /* trailing block */
dd = 2
/* multi
   line */ e = 3
