outer {
  inner {
    bad = 1 +
  }
}
