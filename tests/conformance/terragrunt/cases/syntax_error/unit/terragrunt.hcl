inputs = {
  a = 
}
