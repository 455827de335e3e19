a = strrev("abc")
b = title("hello world")
c = trimspace("  x  \n")
d = chomp("line\n\n")
