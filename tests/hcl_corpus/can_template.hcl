a = can("${nope}")
b = can("${1 + 1}")
c = try("${nope}-x", "plain")
