resource "x" "y" {
  count = 2
  tags = { a = 1, "b" = 2 }
}
