a = "v=${false}"
