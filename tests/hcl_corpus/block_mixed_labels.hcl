thing "quoted" bare {
}
