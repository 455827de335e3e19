x = f(a, b...)
y = provider::p::f(1)
