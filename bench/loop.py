def main():
    s = 0
    i = 0
    while i < 50_000_000:
        s += (i * i) % 7
        i += 1
    print(s)

main()
