# sieve: sieve of Eratosthenes up to 10,000,000, repeated 3 times.
# Measures a large list allocation, strided stores and a linear scan; prints the prime count each time.


def sieve(n):
    flags = [True] * (n + 1)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i <= n:
        if flags[i]:
            j = i * i
            while j <= n:
                flags[j] = False
                j += i
        i += 1
    count = 0
    for k in range(n + 1):
        if flags[k]:
            count += 1
    return count


for _ in range(3):
    print(sieve(10000000))
