// exit: 1
// An inline module left open at the end of the file.
mod shapes {
    pub fn area() -> int { 1 }

fn main() = default {
    println!("x");
}
