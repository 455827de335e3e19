a = "e\u0301"
b = "cafe\u0301"
