// Recursive functions, both spellings.
fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

int fact(n: int) {
    if n <= 1 {
        return 1;
    }
    return n * fact(n - 1);
}

fn main() = default {
    println!("fib(20) = {}", fib(20));
    println!("fact(10) = {}", fact(10));
}
