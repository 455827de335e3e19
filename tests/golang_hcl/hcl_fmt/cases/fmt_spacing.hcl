a = 1



b   =   2   
	
c = [1,2,
3]
d = fn(
  1,
  2
)
e = { for k, v in x : k => v... }
