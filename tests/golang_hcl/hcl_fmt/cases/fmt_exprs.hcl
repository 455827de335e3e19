a = x ? y : z
b = x?y:z
c = (x
  ? y
  : z)
d = [
for k,v in m:
"${k}=${v}"
if v != null
]
e = {
  for k, v in m :
  k => v...
  if true
}
f = a.b[*].c[0]
g = f(a...)
h = -a + -(b) - - c
i = !a && !(b || c)
j = a[ 0 ][ "x" ]
k = [a,b,c,]
l = { a = 1, b = 2, }
m = 1e10 + 1.5E-3
n = a.0
o = null
p = x == -1
q = [-1]
r = {a=-1}
s = 3 -1
