a = 1
resource {
  x = 1
}
