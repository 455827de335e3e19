# u
