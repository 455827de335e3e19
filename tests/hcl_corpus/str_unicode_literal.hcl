a = "héllo wörld"
b = "日本語"
c = "emoji 😀"
