a "label"
