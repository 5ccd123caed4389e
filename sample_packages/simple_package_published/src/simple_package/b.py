def foo():
    print("Hello, function 'foo' from module 'b' calling")
