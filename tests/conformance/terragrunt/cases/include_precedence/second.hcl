inputs = {
  b = "second"
  c = "second"
}
