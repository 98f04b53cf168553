# binary-trees: allocate and walk perfect binary trees, max depth 16 (min depth 4).
# Measures allocation, garbage collection and recursion; prints node counts per depth.
# A node is a (left, right) tuple; a leaf is (None, None).


def make(depth):
    if depth == 0:
        return (None, None)
    return (make(depth - 1), make(depth - 1))


def check(node):
    l, r = node
    if l is not None:
        if r is not None:
            return 1 + check(l) + check(r)
        return 1 + check(l)
    return 1


def main():
    min_depth = 4
    max_depth = 16
    stretch = max_depth + 1
    print("stretch tree of depth %d\t check: %d" % (stretch, check(make(stretch))))
    long_lived = make(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + min_depth)
        total = 0
        for _ in range(iterations):
            total += check(make(depth))
        print("%d\t trees of depth %d\t check: %d" % (iterations, depth, total))
        depth += 2
    print("long lived tree of depth %d\t check: %d" % (max_depth, check(long_lived)))


main()
