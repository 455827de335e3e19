retryable_errors = [".*"]
