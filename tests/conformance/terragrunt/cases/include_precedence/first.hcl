inputs = {
  a = "first"
  b = "first"
  c = "first"
}
