a = {}
b = {a = 1, b = "two"}
c = {"quoted key" = 1}
d = {a: 1, b: 2}
