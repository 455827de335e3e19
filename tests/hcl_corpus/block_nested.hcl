outer "a" {
  v = 1
  inner "b" {
    w = 2
    innermost {
      z = [1, 2]
    }
  }
  inner "c" {
  }
}
