# fannkuch-redux: count pancake flips over all permutations of 0..n-1, n = 10 (3,628,800 permutations).
# Measures tight integer loops and list indexing; prints the checksum and the maximum flip count.


def fannkuch(n):
    perm1 = list(range(n))
    perm = [0] * n
    count = [0] * n
    r = n
    perm_count = 0
    checksum = 0
    max_flips = 0
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        for i in range(n):
            perm[i] = perm1[i]
        flips = 0
        k = perm[0]
        while k != 0:
            i = 0
            j = k
            while i < j:
                t = perm[i]
                perm[i] = perm[j]
                perm[j] = t
                i += 1
                j -= 1
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        if perm_count % 2 == 0:
            checksum += flips
        else:
            checksum -= flips
        # next permutation
        while True:
            if r == n:
                print(checksum)
                print("Pfannkuchen(%d) = %d" % (n, max_flips))
                return
            perm0 = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = perm0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        perm_count += 1


fannkuch(10)
