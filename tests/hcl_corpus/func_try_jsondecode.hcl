a = try(jsondecode("{"), {})
b = try(jsondecode("{\"k\": [1, 2]}"), {})
