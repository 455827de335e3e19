a = "true" && "false"
b = "false" || "true"
