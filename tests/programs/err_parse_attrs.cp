// exit: 1
// Attribute syntax: `#` without `[`, `cfg(key = ..)` without a string.
# derive(Debug)
struct A { x: int }
#[cfg(feature = yes)]
fn gated() {}
fn main() = default {
    println!("x");
}
