a = {for x in ["a", "b"] : x => upper(x)}
b = {for k, v in {x = 1, y = 2} : v => k}
