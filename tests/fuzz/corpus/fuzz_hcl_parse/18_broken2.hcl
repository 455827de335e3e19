a = x.
b {
