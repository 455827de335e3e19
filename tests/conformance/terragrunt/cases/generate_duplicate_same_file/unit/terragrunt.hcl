generate "x" {
  path      = "a.tf"
  if_exists = "overwrite"
  contents  = ""
}
generate "x" {
  path      = "b.tf"
  if_exists = "overwrite"
  contents  = ""
}
