empty {
}
