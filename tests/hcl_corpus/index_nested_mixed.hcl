a = {list = [{m = {k = "v"}}]}.list[0].m["k"]
