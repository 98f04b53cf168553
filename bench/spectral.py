# spectral-norm: power iteration on the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1), n = 500,
# 10 rounds. Measures nested float loops, calls and list indexing; prints the norm with 9 decimals.
from math import sqrt


def a(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) // 2 + i + 1)


def mul_av(n, x, y):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(i, j) * x[j]
        y[i] = s


def mul_atv(n, x, y):
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(j, i) * x[j]
        y[i] = s


def mul_atav(n, x, y, t):
    mul_av(n, x, t)
    mul_atv(n, t, y)


def main():
    n = 500
    u = [1.0] * n
    v = [0.0] * n
    t = [0.0] * n
    for _ in range(10):
        mul_atav(n, u, v, t)
        mul_atav(n, v, u, t)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print("%.9f" % sqrt(vbv / vv))


main()
