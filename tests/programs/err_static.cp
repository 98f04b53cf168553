// exit: 1
// A static's initializer must be a constant of the declared type.
static mut COUNT: String = 5;
static mut LIMIT: int = compute();
static mut RATIO = 1 % 0;
fn compute() -> int { 1 }
fn main() = default {
    println!("x");
}
