a = tonumber("abc")
