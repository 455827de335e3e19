include "root" {
  path           = find_in_parent_folders("root.hcl")
  merge_strategy = "deep"
}
errors {
  retry "shared" {
    retryable_errors   = ["child"]
    max_attempts       = 3
    sleep_interval_sec = 2
  }
  ignore "known" {
    ignorable_errors = [".*already exists.*"]
  }
}
