a = jsonencode({b = [1, "x", true, null], a = {c = 1.5}})
b = jsonencode("<>&")
c = jsonencode(123456789012345678901234567890)
