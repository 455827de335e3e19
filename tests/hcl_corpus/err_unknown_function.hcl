a = nosuchfunction(1)
