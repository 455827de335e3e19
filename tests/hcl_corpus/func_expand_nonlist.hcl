a = upper("a"...)
