a "x" "y" "z {}
