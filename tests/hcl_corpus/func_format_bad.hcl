a = format("%d", "x")
