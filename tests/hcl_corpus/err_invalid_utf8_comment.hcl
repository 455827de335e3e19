# comment ÿ
a = 1
