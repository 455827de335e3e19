a { x = 1 }
b {}
c "l" { y = "z" }
