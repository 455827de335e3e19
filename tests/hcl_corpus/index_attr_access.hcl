a = {a = {b = {c = "deep"}}}.a.b.c
b = [1, 2, 3].1
