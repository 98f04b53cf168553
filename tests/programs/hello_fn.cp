// Rust-style spelling: `fn` without a return type exits with 0.
fn main() = default {
    println!("Hello, World!");
}
