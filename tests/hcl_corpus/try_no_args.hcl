a = try()
