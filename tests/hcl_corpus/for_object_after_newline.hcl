a = {
  for k, v in { x = 1, y = 2 } :
  k => v * 10
  if v > 1
}
b = [
  for s in ["p", "q"] : upper(s)
]
