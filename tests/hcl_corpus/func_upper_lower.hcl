a = upper("hello")
b = lower("HeLLo")
c = upper("ß straße")
