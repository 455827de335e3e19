x = [for v in [1, 2] : v if v != 0]
y = {
  for k, v in {a = 1} :
  k => v
}
