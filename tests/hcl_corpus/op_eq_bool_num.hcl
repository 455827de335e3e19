a = true == 1
