terraform {}
bogus {
}
