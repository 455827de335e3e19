a = [null] == [null]
