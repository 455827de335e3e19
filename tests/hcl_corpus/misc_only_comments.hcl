# nothing here
// still nothing
