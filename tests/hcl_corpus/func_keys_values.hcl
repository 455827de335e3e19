a = keys({b = 1, a = 2})
b = values({b = 1, a = 2})
