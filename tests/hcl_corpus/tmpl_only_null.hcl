a = "${null}"
