n = null
