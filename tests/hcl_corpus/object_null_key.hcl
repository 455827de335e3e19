a = {(null) = 1}
