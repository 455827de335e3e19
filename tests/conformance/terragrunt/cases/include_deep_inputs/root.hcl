inputs = {
  a = 1
  b = { x = 1 }
  l = [1]
}
