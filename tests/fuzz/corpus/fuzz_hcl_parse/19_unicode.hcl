ümlaut-name = 1
名前 = "v"
