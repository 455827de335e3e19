a = {true = 1, false = 2}
