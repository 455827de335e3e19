prevent_destroy = true
download_dir = "/tmp/parent-cache"
