a = toset([{a = 1}])[*].a
