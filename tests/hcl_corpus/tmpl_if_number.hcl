a = "%{if 1}yes%{endif}"
