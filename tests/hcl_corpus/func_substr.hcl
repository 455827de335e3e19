a = substr("hello world", 1, 4)
b = substr("héllo", 0, 2)
c = substr("abc", -2, -1)
