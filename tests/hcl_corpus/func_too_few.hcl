a = upper()
