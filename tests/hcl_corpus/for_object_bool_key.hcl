a = {for x in [true] : x => "t"}
