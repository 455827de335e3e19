locals {
  parent_only = 1
}
