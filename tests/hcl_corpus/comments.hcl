# hash comment
// slash comment
/* block
   comment */
a = 1 # trailing
b = /* inline */ 2
c = 3 // trailing
