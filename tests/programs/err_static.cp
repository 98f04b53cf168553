// exit: 1
// A static's initializer must be a constant of the declared type (an int is no bool),
// and a static whose initializer is wrong adds no errors where it is used.
static mut COUNT: String = 5;
static mut LIMIT: int = compute();
static mut RATIO = 1 % 0;
static READY: bool = 1;
static NAMES: [&str; 2] = ["a", "b"];
// a `static mut` may change: no constant can use it
static mut BASE: int = 1;
static NEXT: int = BASE + 1;
fn compute() -> int { 1 }
fn main() = default {
    println!("{} {}", NAMES[1], LIMIT + 1);
    if READY { println!("x"); }
}
