outer {
  inner {
    bad = [1][3]
  }
}
