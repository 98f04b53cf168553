// Recursive Fibonacci: calls and returns dominate.
fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

fn main() = default {
    println!("{}", fib(35));
}
