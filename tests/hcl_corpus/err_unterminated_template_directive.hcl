a = "%{if true"
