x {
  x {
    x {
      v = 1
    }
  }
}
