dependencies {
  paths = ["../a"]
}
