a {
  x = 1
