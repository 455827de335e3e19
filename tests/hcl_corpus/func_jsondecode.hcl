a = jsondecode("{\"a\": [1, 2.5, \"s\", null, true]}")
b = jsondecode("12345678901234567890")
