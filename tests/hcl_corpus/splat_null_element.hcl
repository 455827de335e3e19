a = [null, {a = 1}][*].a
