a = true ? toset([1]) : [2]
