errors {
  retry "net" {
    retryable_errors   = [".*timeout.*"]
    max_attempts       = 5
    sleep_interval_sec = 10
  }
  retry "shared" {
    retryable_errors   = ["parent"]
    max_attempts       = 2
    sleep_interval_sec = 1
  }
}
