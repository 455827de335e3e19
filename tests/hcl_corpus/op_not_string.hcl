a = !"true"
