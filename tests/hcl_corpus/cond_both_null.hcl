a = true ? null : null
