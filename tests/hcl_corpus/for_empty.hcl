a = [for x in [] : x]
b = {for x in [] : x => x}
