// binary-trees: allocate and walk perfect binary trees, max depth 16 (min depth 4).
// Measures allocation, garbage collection and recursion; prints node counts per depth.
struct Node {
    left: Option<Node>,
    right: Option<Node>,
}

fn make(depth: int) -> Node {
    if depth == 0 {
        Node { left: None, right: None }
    } else {
        Node { left: Some(make(depth - 1)), right: Some(make(depth - 1)) }
    }
}

fn check(node: &Node) -> int {
    match &node.left {
        Some(l) => match &node.right {
            Some(r) => 1 + check(l) + check(r),
            None => 1 + check(l),
        },
        None => 1,
    }
}

fn main() = default {
    let min_depth = 4;
    let max_depth = 16;
    let stretch = max_depth + 1;
    println!("stretch tree of depth {}\t check: {}", stretch, check(&make(stretch)));
    let long_lived = make(max_depth);
    let mut depth = min_depth;
    while depth <= max_depth {
        let iterations = 1 << (max_depth - depth + min_depth);
        let mut sum = 0;
        for _ in 0..iterations {
            sum += check(&make(depth));
        }
        println!("{}\t trees of depth {}\t check: {}", iterations, depth, sum);
        depth += 2;
    }
    println!("long lived tree of depth {}\t check: {}", max_depth, check(&long_lived));
}
