a = foo.bar[0]
