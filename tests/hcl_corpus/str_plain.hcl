a = "hello"
b = ""
c = "with spaces and punctuation!?"
