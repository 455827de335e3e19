a = can()
