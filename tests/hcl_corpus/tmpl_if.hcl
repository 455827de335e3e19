a = "%{if true}yes%{else}no%{endif}"
b = "%{if false}yes%{else}no%{endif}"
c = "%{if 1 == 1}eq%{endif}"
