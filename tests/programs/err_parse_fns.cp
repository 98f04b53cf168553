// exit: 1
// Function syntax: a C-style function with `->`, a parameter without `:`, `=` without a
// runtime, `..base` in a runtime's fields, `static` before nothing.
int twice(x: int) -> int { x * 2 }
fn add(a int, b: int) -> int { a + b }
fn start() = { println!("x"); }
struct Rt { n: int }
fn other() = Rt { n: 1, ..base } { println!("x"); }
static 5;
fn main() = default {
    println!("x");
}
