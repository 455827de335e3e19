a = indent(2, "a\nb\nc")
