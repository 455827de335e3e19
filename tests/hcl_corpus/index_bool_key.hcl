a = {true = 1}[true]
