a = {outer = {inner = [1, {deep = true}]}}
