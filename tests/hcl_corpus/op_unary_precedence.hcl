a = -2 * 3
b = !true || true
c = -1 - -1
