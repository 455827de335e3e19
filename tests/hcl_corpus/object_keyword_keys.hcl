a = {if = 1, for = 2, in = 3, true = 5}
