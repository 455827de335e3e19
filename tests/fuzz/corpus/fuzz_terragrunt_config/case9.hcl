include "root" {
  path = find_in_parent_folders("root.hcl")
}
errors {
  ignore "known" {
    ignorable_errors = [".*already exists.*"]
    message          = "ignored"
  }
}
