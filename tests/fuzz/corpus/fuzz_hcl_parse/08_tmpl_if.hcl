x = "%{if a}yes%{else}no%{endif}"
