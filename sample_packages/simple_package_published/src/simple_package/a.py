def bar():
    print("Hello, function 'bar' from module 'a' calling")
