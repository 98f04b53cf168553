// exit: 70
// stderr: unhandled signal DIVIDE_BY_ZERO
// stderr: unhandled_fault.cp:
// An unhandled runtime fault: stdout so far is flushed, the report goes to stderr, exit 70.
fn ratio(a: int, b: int) -> int {
    a / b
}

fn main() = default {
    let zero = 0;
    println!("before");
    println!("{}", ratio(10, zero));
    println!("after");
}
