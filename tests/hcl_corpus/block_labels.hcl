resource "aws_instance" "web" {
  ami = "abc"
}
block bare label {
  y = 2
}
