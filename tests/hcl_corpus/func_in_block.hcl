svc "x" {
  name = upper("svc")
  ports = range(80, 83)
}
