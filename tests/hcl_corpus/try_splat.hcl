a = try([{ a = 1 }, { b = 2 }][*].a, "no")
b = try([{ a = 1 }][*].a, "no")
