a = {null = 4}
