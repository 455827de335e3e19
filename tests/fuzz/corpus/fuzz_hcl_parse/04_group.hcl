x = {for s in l : s.k => s.v...}
