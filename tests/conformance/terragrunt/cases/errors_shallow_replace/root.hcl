errors {
  retry "net" {
    retryable_errors   = [".*timeout.*"]
    max_attempts       = 5
    sleep_interval_sec = 10
  }
}
