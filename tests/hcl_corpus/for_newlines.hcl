a = [
  for x in [1, 2, 3] :
  x + 1
  if x > 1
]
