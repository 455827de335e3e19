dependency "db" {
  config_path = "../db"
}
dependencies {
  paths = ["../dns"]
}
