a = 1 == "1"
b = "a" == "a"
c = true == "true"
d = null == null
e = 1 != "1"
f = [1] == [1]
g = {a = 1} == {a = 1}
h = [1, "a"] == [1, "a"]
