# c
// d
/* e
 */ a = 1 # t
