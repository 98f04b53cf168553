// exit: 1
// Each way out of a block compiles its own copy of a `defer`, so `defer`s nested in
// `defer`s double the code at each level: past what a function may hold, the compiler
// stops copying and says so at once (it used to build all 2^24 copies first).
fn main() = default {
    defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { defer { println!("x"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y"); } println!("y");
}
