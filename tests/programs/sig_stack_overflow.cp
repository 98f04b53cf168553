// exit: 70
// Unbounded recursion raises STACK_OVERFLOW instead of crashing.
fn forever(n: int) -> int { forever(n + 1) + 1 }

fn main() = default {
    println!("{}", forever(0));
}
