a "with \"quote\"" "tab\t" "\u00e9" {}
