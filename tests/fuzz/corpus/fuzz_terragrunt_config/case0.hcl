include {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}
inputs = {
  env = include.locals.env
}
