for = 1
in = 2
if = 3
null_ish = 4
