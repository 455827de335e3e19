# dns: no dependencies
