// exit: 1
// `pub(..)` whose group is never closed.
fn main() = default {
    println!("x");
}
pub(crate
