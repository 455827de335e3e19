a = [for v in [{ a = 1 }, { b = 2 }] : try(v.a, 0)]
b = { for k, v in { x = { n = 1 }, y = {} } : k => try(v.n, null) }
