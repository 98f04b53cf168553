# strings: build a 4.1 MB string from the numbers 0..599,999 and separators, appending piece by piece
# to 100-number lines that are joined at the end; then a hash over its characters.
# Measures int-to-string, string appends, join and a per-character loop; prints the length and hash.


def main():
    n = 600000
    parts = []
    line = ""
    for i in range(n):
        line += str(i)
        if i % 10 == 9:
            line += ";\n"
        else:
            line += ","
        if i % 100 == 99:
            parts.append(line)
            line = ""
    parts.append(line)
    s = "".join(parts)
    h = 0
    for c in s:
        h = (h * 31 + ord(c)) % 1000000007
    print(len(s), h)


main()
