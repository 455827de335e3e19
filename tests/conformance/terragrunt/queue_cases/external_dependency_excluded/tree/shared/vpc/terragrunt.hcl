# shared vpc
