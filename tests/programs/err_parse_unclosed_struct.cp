// exit: 1
// A struct body left open at the end of the file.
fn main() = default {
    println!("x");
}
struct Point {
    x: int,
    y: int,
