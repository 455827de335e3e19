inputs = {
  a = no_such_function()
}
