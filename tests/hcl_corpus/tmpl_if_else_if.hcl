a = "%{if false}a%{else}%{if true}b%{endif}%{endif}"
