a = try(lower({}), upper({}))
