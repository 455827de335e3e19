a = "%{if false}a%{~ else ~}  b  %{~ endif}"
