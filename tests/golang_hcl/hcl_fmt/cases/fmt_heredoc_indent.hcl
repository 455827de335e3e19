block {
     policy = <<-POLICY
    {
      "a": 1
    }
    POLICY
  other = "x"
   script = <<EOT
  keep   this
EOT
}
