a = "okÿþ"
